import { describe, expect, it } from 'vitest';
import { decisionBasis } from '../../src/core/check-decisions.ts';
import { ConflictError, IllegalTransitionError, ValidationError } from '../../src/core/errors.ts';
import type { Translation, TranslationState } from '../../src/core/model.ts';
import { TRANSLATION_STATES } from '../../src/core/model.ts';
import { newTranslation, WORKFLOW_ACTIONS } from '../../src/core/workflow.ts';
import { applyAction } from '../../src/core/workflow-apply.ts';
import type { WorkflowAction, WorkflowActionType } from '../../src/core/workflow.ts';

const NOW = '2026-03-01T09:00:00.000Z';
const alice = { name: 'alice' };
const bob = { name: 'bob', role: 'reviewer' };

function inState(state: TranslationState, extra: Partial<Translation> = {}): Translation {
  const base = newTranslation('s-abc', 'en', '2026-01-01T00:00:00.000Z');
  if (state === 'untranslated') return { ...base, ...extra };
  return { ...base, state, text: 'Prices rose.', origin: 'human', textBy: 'alice', revision: 3, ...extra };
}

const ACTIONS: Record<WorkflowActionType, WorkflowAction> = {
  save: { type: 'save', text: 'Prices rose sharply.' },
  submit: { type: 'submit' },
  approve: { type: 'approve', source: '물가가 올랐다.' },
  reject: { type: 'reject', comment: 'Say which prices.' },
  markStale: { type: 'markStale', previousSource: '물가가 올랐다.' },
  machineDraft: { type: 'machineDraft', text: 'Prices went up.' },
  memoryDraft: { type: 'memoryDraft', text: 'Prices have risen.' },
  suggest: { type: 'suggest', text: 'Prices climbed.', origin: 'machine' },
  comment: { type: 'comment', text: 'Is "rice" right here?' },
  dismissCheck: { type: 'dismissCheck', checkId: 'length', reason: 'Headlines are short.', sourceHash: 'h-1' },
  undoDismissal: { type: 'undoDismissal', checkId: 'length', sourceHash: 'h-1' },
};

/** Stored results with a warning and an error, and a dismissal of the warning made on 'Prices rose.' against source h-1. */
const DECIDABLE: Partial<Translation> = {
  checks: [
    { checkId: 'length', severity: 'warning', detail: { ratio: 0.3 } },
    { checkId: 'numbers', severity: 'error', detail: { missing: ['20'] } },
  ],
  dismissals: [{ checkId: 'length', by: 'alice', reason: 'Short.', at: NOW, ...decisionBasis('Prices rose.', 'h-1') }],
};
const KEEPS_REVISION: readonly WorkflowActionType[] = ['suggest', 'comment', 'dismissCheck', 'undoDismissal'];
const DECIDING = (s: TranslationState) => s !== 'untranslated';

// The workflow as the issue states it, written out by hand: [action, from, to].
const LEGAL: readonly [WorkflowActionType, TranslationState, TranslationState][] = [
  ['save', 'untranslated', 'draft'],
  ['save', 'draft', 'draft'],
  ['save', 'submitted', 'submitted'],
  ['save', 'approved', 'submitted'],
  ['save', 'stale', 'draft'],
  ['submit', 'draft', 'submitted'],
  ['submit', 'stale', 'submitted'],
  ['approve', 'submitted', 'approved'],
  ['reject', 'submitted', 'draft'],
  ['markStale', 'untranslated', 'untranslated'],
  ['markStale', 'draft', 'stale'],
  ['markStale', 'submitted', 'stale'],
  ['markStale', 'approved', 'stale'],
  ['markStale', 'stale', 'stale'],
  ['machineDraft', 'untranslated', 'draft'],
  ['machineDraft', 'draft', 'draft'],
  ['machineDraft', 'stale', 'draft'],
  ['memoryDraft', 'untranslated', 'draft'],
  ['memoryDraft', 'draft', 'draft'],
  ['memoryDraft', 'stale', 'draft'],
  ...TRANSLATION_STATES.map((s) => ['suggest', s, s] as [WorkflowActionType, TranslationState, TranslationState]),
  ...TRANSLATION_STATES.map((s) => ['comment', s, s] as [WorkflowActionType, TranslationState, TranslationState]),
  ...TRANSLATION_STATES.filter(DECIDING).map((s) => ['dismissCheck', s, s] as [WorkflowActionType, TranslationState, TranslationState]),
  ...TRANSLATION_STATES.filter(DECIDING).map((s) => ['undoDismissal', s, s] as [WorkflowActionType, TranslationState, TranslationState]),
];

const ILLEGAL = WORKFLOW_ACTIONS.flatMap((action) =>
  TRANSLATION_STATES.filter((from) => !LEGAL.some(([a, f]) => a === action && f === from)).map((from) => [action, from] as const),
);

describe('workflow', () => {
  it.each(LEGAL)('when %s is applied in %s, then the translation is %s with a history entry', (action, from, to) => {
    const before = inState(from, DECIDABLE);
    const { translation, history } = applyAction(before, ACTIONS[action], bob, NOW);
    expect(translation.state).toBe(to);
    expect(history).toMatchObject({ at: NOW, by: 'bob', segmentId: 's-abc', locale: 'en', action, from, to });
    expect(history.textBefore).toBe(before.text);
    expect(history.textAfter).toBe(translation.text);
    if (KEEPS_REVISION.includes(action)) {
      expect(translation.revision).toBe(before.revision);
    } else {
      expect(translation.revision).toBe(before.revision + 1);
      expect(translation.updatedBy).toBe('bob');
      expect(translation.updatedAt).toBe(NOW);
    }
  });

  it.each(ILLEGAL)('when %s is applied in %s, then it is refused and nothing changes', (action, from) => {
    const before = inState(from);
    const copy = structuredClone(before);
    expect(() => applyAction(before, ACTIONS[action], bob, NOW)).toThrow(IllegalTransitionError);
    expect(before).toEqual(copy);
  });

  it('when approving a draft, then the message names the translation, the state and what to do', () => {
    expect(() => applyAction(inState('draft'), ACTIONS.approve, bob, NOW)).toThrow(
      'translation s-abc/en: cannot approve from draft; submit it first',
    );
  });

  it('when rejecting without a comment, then it is refused and the comment is required', () => {
    expect(() => applyAction(inState('submitted'), { type: 'reject', comment: '  ' }, bob, NOW)).toThrow(ValidationError);
  });

  it('when rejecting with a comment, then the comment is kept on the translation and in history', () => {
    const { translation, history } = applyAction(inState('submitted'), ACTIONS.reject, bob, NOW);
    expect(translation.comments).toEqual([{ by: 'bob', at: NOW, text: 'Say which prices.' }]);
    expect(history.comment).toBe('Say which prices.');
  });

  it('when a comment is added, then it is kept on the translation and in history while text, author and revision stay', () => {
    const before = inState('draft');
    const { translation, history } = applyAction(before, { type: 'comment', text: '  Check the unit.  ' }, bob, NOW);
    expect(translation.comments).toEqual([{ by: 'bob', at: NOW, text: 'Check the unit.' }]);
    expect(translation).toMatchObject({
      text: before.text,
      revision: before.revision,
      updatedBy: before.updatedBy,
      updatedAt: before.updatedAt,
    });
    expect(history).toMatchObject({ action: 'comment', comment: 'Check the unit.' });
  });

  it.each([' \n', 'x'.repeat(2_001)])('when a comment is empty or too long, then it is refused', (text) => {
    expect(() => applyAction(inState('draft'), { type: 'comment', text }, bob, NOW)).toThrow(ValidationError);
  });

  it('when saving empty text, then it is refused', () => {
    expect(() => applyAction(inState('draft'), { type: 'save', text: ' \n' }, alice, NOW)).toThrow(ValidationError);
  });

  it('when a translation goes stale, then its text stays and staleSource is the old source', () => {
    const { translation } = applyAction(inState('approved'), ACTIONS.markStale, alice, NOW);
    expect(translation.text).toBe('Prices rose.');
    expect(translation.staleSource).toBe('물가가 올랐다.');
  });

  it('when a stale translation goes stale again, then it keeps the source it was made for', () => {
    const stale = inState('stale', { staleSource: '원래 문장.' });
    const { translation } = applyAction(stale, { type: 'markStale', previousSource: '중간 문장.' }, alice, NOW);
    expect(translation.staleSource).toBe('원래 문장.');
  });

  it('when approving, then the approved text and source are remembered and staleSource is cleared', () => {
    const submitted = inState('submitted', { staleSource: '원래 문장.' });
    const { translation } = applyAction(submitted, ACTIONS.approve, bob, NOW);
    expect(translation).toMatchObject({ approvedText: 'Prices rose.', approvedSource: '물가가 올랐다.' });
    expect(translation.staleSource).toBeUndefined();
  });

  it('when a machine draft arrives, then origin, machineDraft and textBy are set', () => {
    const { translation } = applyAction(inState('untranslated'), ACTIONS.machineDraft, { name: 'deepl' }, NOW);
    expect(translation).toMatchObject({ text: 'Prices went up.', origin: 'machine', machineDraft: 'Prices went up.', textBy: 'deepl' });
  });

  it('when a memory draft arrives, then origin is memory and machineDraft stays empty', () => {
    const { translation } = applyAction(inState('untranslated'), ACTIONS.memoryDraft, { name: 'memory' }, NOW);
    expect(translation).toMatchObject({ origin: 'memory', machineDraft: null });
  });

  it('when a person saves a machine draft unchanged, then origin and author stay the machine', () => {
    const draft = applyAction(inState('untranslated'), ACTIONS.machineDraft, { name: 'deepl' }, NOW).translation;
    const { translation } = applyAction(draft, { type: 'save', text: draft.text }, alice, NOW);
    expect(translation).toMatchObject({ origin: 'machine', textBy: 'deepl' });
  });

  it('when a person edits the text, then origin is human and they are its author', () => {
    const { translation } = applyAction(inState('approved', { textBy: 'carol' }), ACTIONS.save, bob, NOW);
    expect(translation).toMatchObject({ origin: 'human', textBy: 'bob', state: 'submitted' });
  });

  it('when a suggestion arrives, then text, state and revision stay and the suggestion is kept', () => {
    const before = inState('submitted');
    const { translation } = applyAction(before, ACTIONS.suggest, { name: 'deepl' }, NOW);
    expect(translation).toMatchObject({ text: before.text, state: 'submitted', revision: before.revision });
    expect(translation.suggestion).toEqual({ text: 'Prices climbed.', origin: 'machine', at: NOW });
  });

  it('when a warning is dismissed, then the dismissal holds who, why, when and what it was made on, and history names the check', () => {
    const before = inState('draft', { checks: DECIDABLE.checks });
    const { translation, history } = applyAction(
      before,
      { ...ACTIONS.dismissCheck, reason: '  Headlines are short.  ' } as WorkflowAction,
      bob,
      NOW,
    );
    expect(translation.dismissals).toEqual([
      { checkId: 'length', by: 'bob', reason: 'Headlines are short.', at: NOW, ...decisionBasis('Prices rose.', 'h-1') },
    ]);
    expect(history).toMatchObject({ action: 'dismissCheck', comment: 'Headlines are short.', checkIds: ['length'] });
    expect(translation).toMatchObject({ text: before.text, revision: before.revision, updatedAt: before.updatedAt });
  });

  it.each([
    ['an error', { type: 'dismissCheck', checkId: 'numbers', reason: 'Fine.', sourceHash: 'h-1' }, ValidationError],
    ['a blank reason', { type: 'dismissCheck', checkId: 'length', reason: ' \n', sourceHash: 'h-1' }, ValidationError],
    ['a reason over the limit', { type: 'dismissCheck', checkId: 'length', reason: 'x'.repeat(501), sourceHash: 'h-1' }, ValidationError],
    ['a check that does not fail', { type: 'dismissCheck', checkId: 'urls', reason: 'Fine.', sourceHash: 'h-1' }, ConflictError],
    ['an undo with no dismissal', { type: 'undoDismissal', checkId: 'numbers', sourceHash: 'h-1' }, ConflictError],
    ['an undo after the source changed', { type: 'undoDismissal', checkId: 'length', sourceHash: 'h-2' }, ConflictError],
  ] as const)('when dismissing %s, then it is refused and nothing changes', (_what, action, kind) => {
    const before = inState('submitted', DECIDABLE);
    const copy = structuredClone(before);
    expect(() => applyAction(before, action as WorkflowAction, bob, NOW)).toThrow(kind);
    expect(before).toEqual(copy);
  });

  it('when a dismissal is undone, then it is gone and the history says which check', () => {
    const { translation, history } = applyAction(inState('approved', DECIDABLE), ACTIONS.undoDismissal, bob, NOW);
    expect(translation.dismissals).toEqual([]);
    expect(history).toMatchObject({ action: 'undoDismissal', checkIds: ['length'], from: 'approved', to: 'approved' });
  });

  it('when approving with an override, then the override is kept on the translation with the checks, who, why and the text', () => {
    const override = { reason: ' Rounded on purpose ', checkIds: ['numbers'], sourceHash: 'h-1' };
    const { translation, history } = applyAction(inState('submitted'), { ...ACTIONS.approve, override } as WorkflowAction, bob, NOW);
    expect(translation.checkOverride).toEqual({
      checkIds: ['numbers'],
      by: 'bob',
      reason: 'Rounded on purpose',
      at: NOW,
      ...decisionBasis('Prices rose.', 'h-1'),
    });
    expect(history).toMatchObject({ comment: 'checks overridden: Rounded on purpose', checkIds: ['numbers'] });
  });

  it('when text arrives in NFD, then it is stored NFC', () => {
    const nfd = '한국'.normalize('NFD');
    const { translation } = applyAction(inState('draft'), { type: 'save', text: nfd }, alice, NOW);
    expect(translation.text).toBe('한국'.normalize('NFC'));
  });
});
