import type { PolicyVersion } from '../policy-version';

/** 厦工信企业规〔2021〕114号 as data. The annex contents are labelled defaults (the text does not give them). */
export const XIAMEN_2021_114: PolicyVersion = {
  id: 'xiamen-2021-114',
  title: { zh: '厦门市中小企业公共服务示范平台认定管理暂行办法', en: 'Interim Measures for Xiamen SME Public Service Demonstration Platforms' },
  document: '厦工信企业规〔2021〕114号',
  published: '2021-05-07',
  effectiveFrom: '2021-06-06',
  effectiveTo: null,
  note: {
    zh: '第二十二条：发布之日起30日后施行，有效期两年。尚无替代文件生效，本系统继续适用（决定）；新版本以数据形式加入。',
    en: 'Art. 22: in force 30 days after publication for two years. No successor is in force, so the system keeps applying it (a decision); a successor is added as data.',
  },
  eligibility: {
    institutionTypes: ['sme_service_agency', 'social_intermediary', 'technical_service', 'research_institute', 'internet_service_enterprise'],
    operatingYearsMin: 2,
    totalAssetsYuanMin: '1500000',
    localSmesServedMin: 80,
    satisfactionPercentMin: 80,
    partnerInstitutionsMin: 3,
    freeOrLowFeeSharePercentMin: 20,
    staffServingSmesMin: 10,
    qualifiedStaffPercentMin: 80,
  },
  functions: {
    information: { offlineEnterprisesServedMin: 75, activitiesMin: 4 },
    technology: { activitiesMin: 3 },
    entrepreneurship: { eventsMin: 4 },
    training: { personTimesMin: 1000 },
    financing: { activitiesMin: 5, financingRaisedYuanMin: '400000000', newGuaranteesYuanMin: '1500000000' },
  },
  functionsRequiredMin: 1,
  periods: {
    titleValidityYears: 3,
    noticeWorkingDays: 7,
    reportDue: { month: 2, day: 'last' },
    deadlinesMoveOffRestDays: true,
    materialsDeadlineDays: 10,
    reportReminderDaysBefore: [30, 14, 7, 1],
    // The rest are defaults where the text is silent.
    reportChaseEveryDays: 7,
    reminderHour: 9,
    expertReminderEveryDays: 2,
    evaluationScoringDays: 30,
    callWaitReminderDays: 14,
    noticeDayOne: 'publication_day_if_working',
  },
  panel: {
    // 第十二条 says "专家" and no number. Five is the default, a decision: (1) it matches `aggregation.trimWhenAtLeast`
    // below, so a full panel is always aggregated by the trimmed mean and no single expert's extreme score sets the
    // result; (2) it follows the common practice of Chinese review panels of at least five (by analogy: 招标投标法
    // 第三十七条, 评标委员会成员人数为五人以上单数). Fewer than five is refused at assignment; a panel of one never passes.
    minExperts: 5,
  },
  call: {
    // Defaults of the annual call where staff set none (the text leaves quota and dates to each year's notice).
    defaultQuota: 10,
    defaultOpens: { month: 3, day: 1 },
    defaultCloses: { month: 4, day: 30 },
  },
  calendar: { data: 'chinese-days@1.5.7' },
  rubric: {
    label: 'default',
    criteria: [
      { id: 'performance', name: { zh: '服务业绩', en: 'Service performance' }, articles: ['第六条第（二）项'], maxScore: 25 },
      { id: 'capability', name: { zh: '基本服务能力与资源整合', en: 'Capability and resources' }, articles: ['第六条第（三）项'], maxScore: 20 },
      { id: 'management', name: { zh: '内部管理', en: 'Internal management' }, articles: ['第六条第（四）项'], maxScore: 15 },
      { id: 'staff', name: { zh: '专业能力和人才队伍', en: 'Professional staff' }, articles: ['第六条第（五）项'], maxScore: 10 },
      { id: 'functions', name: { zh: '服务功能', en: 'Service functions' }, articles: ['第七条', '第八条'], maxScore: 20 },
      { id: 'innovation', name: { zh: '创新与示范性', en: 'Innovation and demonstration value' }, articles: ['第九条'], maxScore: 10 },
    ],
  },
  siteChecklist: {
    label: 'default',
    items: [
      { id: 'legal-person', article: '第六条第（一）项', verifies: ['6.1.'], text: { zh: '核对法人登记、成立时间、资产与财务报表', en: 'Registration, age, assets and financial statements' } },
      { id: 'premises', article: '第六条第（三）项', verifies: ['6.3.premises'], text: { zh: '固定经营服务场所、服务设施与仪器设备', en: 'Fixed premises, facilities and equipment' } },
      { id: 'service-records', article: '第六条第（二）项', verifies: ['6.2.'], text: { zh: '服务本地中小企业台账（近两年）', en: 'Records of local SMEs served (last two years)' } },
      { id: 'survey', article: '第十一条', verifies: [], text: { zh: '服务对象测评：抽访服务企业满意度', en: 'Survey of served enterprises: satisfaction' } },
      { id: 'partners', article: '第六条第（三）项', verifies: ['6.3.partners', '6.3.cooperation'], text: { zh: '集聚服务机构与合作协议', en: 'Partner institutions and agreements' } },
      { id: 'management-rules', article: '第六条第（四）项', verifies: ['6.4.'], text: { zh: '管理制度、服务流程、收费标准与小微优惠', en: 'Rules, process, fees and small-firm discounts' } },
      { id: 'staff', article: '第六条第（五）项', verifies: ['6.5.'], text: { zh: '服务人员名册、学历与职称证明', en: 'Staff list, degrees and titles' } },
      { id: 'functions', article: '第八条', verifies: ['7.', '8.'], text: { zh: '所申报服务功能的佐证（活动记录、系统演示等）', en: 'Evidence of the claimed functions (activities, systems)' } },
      { id: 'innovation', article: '第九条', verifies: [], text: { zh: '服务模式创新与示范带动', en: 'Innovative service model and demonstration value' } },
    ],
  },
  evaluation: {
    // Defaults where the text is silent (第十九条 names 总量控制 but no number; Annex 3 is not in our copy).
    titleCap: 60,
    rectificationDays: 90,
    rectificationReminderDaysBefore: [30, 7],
    minExperts: 3,
  },
  aggregation: { method: 'trimmed_mean', trimWhenAtLeast: 5, dispersionStdDevFlag: 10 },
};
