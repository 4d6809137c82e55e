import { readFollowUpAnswer } from './follow-up-answer.js';

describe('reading an answer to the follow-up', () => {
  it.each([
    ['2', { score: 2, symptoms: [], severe: false }],
    ['8', { score: 8, symptoms: [], severe: true, reason: 'high-score' }],
    ['10', { score: 10, symptoms: [], severe: true, reason: 'high-score' }],
    ['3/10 HEADACHE', { score: 3, symptoms: ['headache'], severe: false }],
    ['TIRED AND SOME NAUSEA', { symptoms: ['fatigue', 'nausea'], severe: false }],
    ['SITE PAIN SWELLING', { symptoms: ['site-swelling', 'site-pain'], severe: false }],
    ['FEVER', { symptoms: ['fever'], severe: true, reason: 'fever' }],
    ['DOLOR DE CABEZA Y FIEBRE', { symptoms: ['headache', 'fever'], severe: true, reason: 'fever' }],
  ])('%s', (words, expected) => {
    expect(readFollowUpAnswer(words)).toEqual(expected);
  });

  it('reads nothing into other words', () => {
    expect(readFollowUpAnswer('HELLO')).toBeUndefined();
    expect(readFollowUpAnswer('11')).toBeUndefined();
  });
});
