import {
  calendarUpdatedSignal,
  confirmNoticeEndUpdate,
  type CalendarOverridesInput,
  type NoticeCandidate,
  type Objection,
  publicNoticeStatusQuery,
  type PublicNoticeInput,
  type PublicNoticeRecord,
  type PublicNoticeResult,
  type PublicNoticeStatus,
  raiseObjectionUpdate,
  resolveObjectionUpdate,
  SearchAttributeKeys,
} from '@sme/contracts';
import { condition, log, patched, setHandler, upsertSearchAttributes, workflowInfo } from '@temporalio/workflow';
import { lifecycle, notifications, Recipients } from './lib/activities';
import { refuse } from './lib/refusals';
import { calendarWith, msUntil } from './lib/clock';

/** Notices with this patch read the published calendar when they start, and never close on a provisional end. */
export const NOTICE_CALENDAR_PATCH = 'notice-published-calendar-and-provisional-end';
/** Notices with this patch keep their record (applications.public_notice) when they open and when they close. */
export const NOTICE_RECORD_PATCH = 'notice-recorded';

/**
 * `notice-<id>`: the public notice of the candidate list (第十三条), open for `workingDays` working days by the
 * official calendar. Anyone may raise an objection while it is open; the outcome waits until each objection is
 * resolved: upheld removes that candidate (no one is promoted in its place), dismissed keeps it. The period counts
 * the working days staff published (read at the start) and the bundled official data; one that runs into a year
 * without data is provisional, recomputed when the data arrive, and never closes on a guess: when its provisional end
 * comes it waits (still taking objections) for the year's data or for staff to confirm the end.
 */
export async function publicNoticeWorkflow(input: PublicNoticeInput): Promise<PublicNoticeResult> {
  const overrides: CalendarOverridesInput[] = [...(input.calendarOverrides ?? [])];
  const compute = () => calendarWith(overrides).noticePeriod(input.published, input.workingDays, input.dayOne);
  let period = compute();
  let stage: PublicNoticeStatus['stage'] = 'open';
  const objections: Objection[] = [];
  let endConfirmed: PublicNoticeStatus['endConfirmed'] = null;
  const isOpen = (): boolean => stage === 'awaiting_calendar' || (stage === 'open' && Date.now() < Date.parse(period.endsAt));

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
    provisionalYears: period.provisionalYears ?? [],
    endConfirmed,
    workingDays: period.workingDays,
    objections,
    waitingFor: stage === 'open' ? 'notice_period' : stage === 'awaiting_calendar' ? 'calendar' : stage === 'awaiting_resolutions' ? 'objection_resolutions' : null,
    actor: stage === 'open' ? 'public' : stage === 'awaiting_calendar' || stage === 'awaiting_resolutions' ? 'center_staff' : null,
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
        ...(req.ref ? { ref: req.ref } : { objector: req.objector, text: req.text }),
        raisedAt: new Date().toISOString(),
        resolution: null,
      };
      objections.push(objection);
      return objection;
    },
    {
      validator: (req) => {
        if (!isOpen()) throw refuse('notice-closed', '第十三条', `the notice closed at ${period.endsAt} / 公示期已结束`);
        if (!input.candidates.some((c) => c.creditCode === req.creditCode)) throw refuse('not-on-notice', '第十三条', `${req.creditCode} is not on this notice / 该机构不在公示名单中`);
        // The record (text and objector, checked by the service) is referred to; a request without one is incomplete.
        if (!req.ref?.trim()) throw refuse('objection-incomplete', '第十三条', 'an objection needs its record (its text and who raises it) / 异议须写明内容和提出人');
      },
    },
  );

  setHandler(
    confirmNoticeEndUpdate,
    (req) => {
      endConfirmed = { by: req.by, reason: req.reason, at: new Date().toISOString() };
      return status();
    },
    {
      validator: (req) => {
        if (stage !== 'awaiting_calendar') throw refuse('no-confirmation-expected', '第十三条', `no provisional end awaits confirmation in stage ${stage} / 当前无需确认公示期结束日`);
        if (!req.reason?.trim()) throw refuse('reason-required', '第十三条', 'a confirmation needs its reason / 确认须写明理由');
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
        if (!o) throw refuse('objection-not-found', '第十三条', `no objection ${req.objectionId} / 未找到该异议`);
        if (o.resolution) throw refuse('already-resolved', '第十三条', `objection ${req.objectionId} is already resolved / 该异议已处理`);
        if (!req.reason?.trim()) throw refuse('reason-required', '第十三条', 'a resolution needs its reason / 处理意见须写明理由');
      },
    },
  );

  upsertSearchAttributes([
    { key: SearchAttributeKeys.Stage, value: 'notice_open' },
    { key: SearchAttributeKeys.CallYear, value: input.callYear },
  ]);

  const careful = patched(NOTICE_CALENDAR_PATCH);
  if (careful) {
    overrides.unshift(await lifecycle.publishedCalendar());
    period = compute();
  }
  // The record outlives the history: the open data and the feed read it (第十三条: the notice is public).
  const recorded = patched(NOTICE_RECORD_PATCH);
  const record = (outcome?: PublicNoticeRecord['outcome']) =>
    lifecycle.recordNotice({
      noticeId: input.noticeId,
      callYear: input.callYear,
      published: input.published,
      start: period.start,
      end: period.end,
      endsAt: period.endsAt,
      provisional: period.provisional,
      candidates: input.candidates,
      objections: objections.length,
      ...(outcome ? { outcome } : {}),
    });
  if (recorded) await record();

  // Open until 24:00 of the last working day; a calendar update may move the end, so wait again.
  for (;;) {
    while (Date.now() < Date.parse(period.endsAt)) {
      const endsAt = period.endsAt;
      await condition(() => period.endsAt !== endsAt, msUntil(Date.parse(endsAt)));
      // The calendar moved the end: the record says the period the public reads on the board.
      if (recorded && period.endsAt !== endsAt) await record();
    }
    if (!careful || !period.provisional || endConfirmed) break;
    // The end came, but it was counted on a year without published data: ask staff, and wait for the data or them.
    stage = 'awaiting_calendar';
    upsertSearchAttributes([{ key: SearchAttributeKeys.Stage, value: 'notice_awaiting_calendar' }]);
    await notifications.storeInAppNotification({
      idempotencyKey: `${workflowInfo().workflowId}:provisional-end:${period.end}`,
      recipient: Recipients.centerStaff,
      kind: 'notice.provisional_end',
      title: { zh: `公示期结束日（${period.end}）尚为暂定`, en: `The notice's end (${period.end}) is provisional` },
      body: {
        zh: `${(period.provisionalYears ?? []).join('、')}年放假安排尚未录入。请录入该年度工作日安排，或确认公示期于${period.end}结束（第十三条）。`,
        en: `The holidays of ${(period.provisionalYears ?? []).join(', ')} are not entered yet. Enter them, or confirm that the notice ended on ${period.end} (Art. 13).`,
      },
    });
    const endsAt = period.endsAt;
    await condition(() => !period.provisional || endConfirmed !== null || period.endsAt !== endsAt);
    if (recorded && period.endsAt !== endsAt) await record();
    if (Date.now() < Date.parse(period.endsAt)) {
      stage = 'open'; // the data moved the end later: the notice is open until then
      upsertSearchAttributes([{ key: SearchAttributeKeys.Stage, value: 'notice_open' }]);
    }
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
  if (recorded) await record({ confirmed, removed: removed.map(({ objectionId: _o, ...r }) => r) });
  return { noticeId: input.noticeId, confirmed, removed, end: period.end };
}
