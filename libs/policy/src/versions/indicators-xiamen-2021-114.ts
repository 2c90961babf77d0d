import type { IndicatorSet } from '../evaluation';

/**
 * The provisional Annex 3 (年度考核评价指标) of 厦工信企业规〔2021〕114号. The measure names Annex 3 but our copy has
 * no text, so this set is built from the conditions of Arts. 6-8 and the annual report (Art. 15), in the shape of
 * MIIT's 中小企业公共服务规范评价指标（试行）: first-level groups, second-level indicators with a source, a rule
 * capped at 100 points and a weight. It stays `provisional` (said so by the API and on screen) until the official
 * text is entered as a set of its own (see the README).
 */
export const INDICATORS_XIAMEN_2021_114_PROVISIONAL: IndicatorSet = {
  id: 'xiamen-2021-114/annex-3-provisional',
  policyVersion: 'xiamen-2021-114',
  fromYear: 2021,
  status: 'provisional',
  title: { zh: '年度考核评价指标（附件3，暂行默认）', en: 'Annual evaluation indicators (Annex 3, provisional default)' },
  note: {
    zh: '附件3原文未收录：本指标体系依据第六条至第八条及年度报告内容拟定，为暂行默认，录入正式附件3后自动停用。',
    en: 'The text of Annex 3 is not in our copy: this set is built from Arts. 6-8 and the annual report, a provisional default until the official Annex 3 is entered.',
  },
  groups: [
    { id: 'capability', name: { zh: '服务能力', en: 'Service capability' } },
    { id: 'quality', name: { zh: '服务质量与成效', en: 'Service quality and effect' } },
    { id: 'conduct', name: { zh: '规范运营', en: 'Conduct' } },
    { id: 'innovation', name: { zh: '创新与示范带动', en: 'Innovation and demonstration' } },
  ],
  indicators: [
    // 第六条第（二）项: 服务本地中小企业80家以上; full points at twice the threshold. A platform that just meets every
    // threshold of Art. 6 totals 77: 合格.
    { id: 'smes-served', group: 'capability', fact: 'report.smesServed', rule: { kind: 'bands', bands: [{ atLeast: '40', points: '40' }, { atLeast: '80', points: '75' }, { atLeast: '120', points: '90' }, { atLeast: '160', points: '100' }] }, weight: 20, article: '第六条', name: { zh: '服务本地中小企业数量', en: 'Local SMEs served' } },
    { id: 'functions', group: 'capability', fact: 'report.functionsDelivered', rule: { kind: 'bands', bands: [{ atLeast: '1', points: '60' }, { atLeast: '2', points: '80' }, { atLeast: '3', points: '100' }] }, weight: 10, article: '第八条', name: { zh: '开展的服务功能', en: 'Service functions delivered' } },
    { id: 'activities', group: 'capability', fact: 'report.activities', rule: { kind: 'bands', bands: [{ atLeast: '4', points: '60' }, { atLeast: '12', points: '80' }, { atLeast: '24', points: '100' }] }, weight: 10, article: '第八条', name: { zh: '服务活动开展情况', en: 'Service activities held' } },
    // 第六条第（五）项: 大专以上学历或中级以上职称人员占比80%以上.
    { id: 'qualified-staff', group: 'capability', fact: 'report.qualifiedStaffPercent', rule: { kind: 'bands', bands: [{ atLeast: '60', points: '60' }, { atLeast: '80', points: '100' }] }, weight: 10, article: '第六条', name: { zh: '专业人才队伍', en: 'Qualified staff' } },
    // 第六条第（二）项: 服务满意度80%以上.
    { id: 'satisfaction', group: 'quality', fact: 'report.satisfactionPercent', rule: { kind: 'bands', bands: [{ atLeast: '80', points: '70' }, { atLeast: '90', points: '85' }, { atLeast: '95', points: '100' }] }, weight: 20, article: '第六条', name: { zh: '用户满意度', en: 'User satisfaction' } },
    // 第六条第（四）项: 公益性服务或低收费服务占比20%以上.
    { id: 'free-or-low-fee', group: 'quality', fact: 'report.freeOrLowFeePercent', rule: { kind: 'bands', bands: [{ atLeast: '20', points: '70' }, { atLeast: '30', points: '85' }, { atLeast: '40', points: '100' }] }, weight: 10, article: '第六条', name: { zh: '公益性或低收费服务占比', en: 'Share of free or low-fee services' } },
    // 第十五条: the report by the end of February; full points on time, none at 60 days late.
    { id: 'report-on-time', group: 'conduct', fact: 'service.reportDaysLate', rule: { kind: 'linear', zeroAt: '60', fullAt: '0' }, weight: 10, article: '第十五条', name: { zh: '年度报告按时报送', en: 'Annual report on time' } },
    { id: 'innovation', group: 'innovation', fact: 'expert.score', rule: { kind: 'direct' }, weight: 10, article: '第九条', qualitative: true, name: { zh: '服务模式创新与示范带动（专家评分）', en: 'Innovative service and demonstration (expert score)' } },
  ],
  outcomeBands: [
    { outcome: 'excellent', atLeast: '90' },
    { outcome: 'pass', atLeast: '75' },
    { outcome: 'rectify', atLeast: '60' },
    { outcome: 'fail', atLeast: '0' },
  ],
};
