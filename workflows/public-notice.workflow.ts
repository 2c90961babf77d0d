import {
  calendarUpdatedSignal,
  type CalendarOverridesInput,
  type NoticeCandidate,
  type Objection,
  publicNoticeStatusQuery,
  type PublicNoticeInput,
  type PublicNoticeResult,
  type PublicNoticeStatus,
  raiseObjectionUpdate,
  resolveObjectionUpdate,
  SearchAttributeKeys,
} from '@sme/contracts';
import { condition, log, setHandler, upsertSearchAttributes } from '@temporalio/workflow';
import { calendarWith, msUntil } from './lib/clock';

/**
 * `notice-<id>`: the public notice of the candidate list (第十三条), open for `workingDays` working days by the
 * official calendar. Anyone may raise an objection while it is open; the outcome waits until each objection is
 * resolved: upheld removes that candidate (no one is promoted in its place), dismissed keeps it. A period
 * computed in a year without calendar data is provisional and is recomputed when the data arrive.
 */
export async function publicNoticeWorkflow(input: PublicNoticeInput): Promise<PublicNoticeResult> {
  const overrides: CalendarOverridesInput[] = [...(input.calendarOverrides ?? [])];
  const compute = () => calendarWith(overrides).noticePeriod(input.published, input.workingDays, input.dayOne);
  let period = compute();
  let stage: PublicNoticeStatus['stage'] = 'open';
  const objections: Objection[] = [];
  const isOpen = (): boolean => stage === 'open' && Date.now() < Date.parse(period.endsAt);

  const status = (): PublicNoticeStatus => ({
    noticeId: input.noticeId,
    callYear: input.callYear,
    candidates: input.candidates,
    stage,
    published: input.published,
    start: period.start,
    end: period.end,
    endsAt: period.endsAt,
    provisional: period.provisional,
    workingDays: period.workingDays,
    objections,
    waitingFor: stage === 'open' ? 'notice_period' : stage === 'awaiting_resolutions' ? 'objection_resolutions' : null,
    actor: stage === 'open' ? 'public' : stage === 'awaiting_resolutions' ? 'center_staff' : null,
  });
  setHandler(publicNoticeStatusQuery, status);

  setHandler(calendarUpdatedSignal, (o) => {
    overrides.push(o);
    period = compute();
    log.info('notice period recomputed', { end: period.end, provisional: period.provisional });
  });

  setHandler(
    raiseObjectionUpdate,
    (req) => {
      const objection: Objection = {
        id: `${input.noticeId}-O${objections.length + 1}`,
        creditCode: req.creditCode,
        objector: req.objector,
        text: req.text,
        raisedAt: new Date().toISOString(),
        resolution: null,
      };
      objections.push(objection);
      return objection;
    },
    {
      validator: (req) => {
        if (!isOpen()) throw new Error(`the notice closed at ${period.endsAt} / 公示期已结束`);
        if (!input.candidates.some((c) => c.creditCode === req.creditCode)) throw new Error(`${req.creditCode} is not on this notice / 该机构不在公示名单中`);
        if (!req.text?.trim() || !req.objector?.trim()) throw new Error('an objection needs its text and who raises it / 异议须写明内容和提出人');
      },
    },
  );

  setHandler(
    resolveObjectionUpdate,
    (req) => {
      const o = objections.find((x) => x.id === req.objectionId)!;
      o.resolution = { decision: req.decision, reason: req.reason, by: req.by, at: new Date().toISOString() };
      return o;
    },
    {
      validator: (req) => {
        const o = objections.find((x) => x.id === req.objectionId);
        if (!o) throw new Error(`no objection ${req.objectionId} / 未找到该异议`);
        if (o.resolution) throw new Error(`objection ${req.objectionId} is already resolved / 该异议已处理`);
        if (!req.reason?.trim()) throw new Error('a resolution needs its reason / 处理意见须写明理由');
      },
    },
  );

  upsertSearchAttributes([
    { key: SearchAttributeKeys.Stage, value: 'notice_open' },
    { key: SearchAttributeKeys.CallYear, value: input.callYear },
  ]);

  // Open until 24:00 of the last working day; a calendar update may move the end, so wait again.
  while (Date.now() < Date.parse(period.endsAt)) {
    const endsAt = period.endsAt;
    await condition(() => period.endsAt !== endsAt, msUntil(Date.parse(endsAt)));
  }

  stage = 'awaiting_resolutions';
  upsertSearchAttributes([{ key: SearchAttributeKeys.Stage, value: 'notice_awaiting_resolutions' }]);
  await condition(() => objections.every((o) => o.resolution !== null));

  stage = 'closed';
  upsertSearchAttributes([{ key: SearchAttributeKeys.Stage, value: 'notice_closed' }]);
  const removed: PublicNoticeResult['removed'] = [];
  const confirmed: NoticeCandidate[] = [];
  for (const c of input.candidates) {
    const upheld = objections.find((o) => o.creditCode === c.creditCode && o.resolution?.decision === 'upheld');
    if (upheld) removed.push({ ...c, objectionId: upheld.id, reason: upheld.resolution!.reason });
    else confirmed.push(c);
  }
  return { noticeId: input.noticeId, confirmed, removed, end: period.end };
}
