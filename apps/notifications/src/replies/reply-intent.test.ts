import { parseReply } from './reply-intent.js';

describe('reading a reply', () => {
  it.each([
    [' c. ', { keyword: 'confirm', words: 'C' }],
    ['Yes K7Q', { keyword: 'confirm', reference: 'K7Q', words: 'YES' }],
    ['k7q cancel', { keyword: 'cancel', reference: 'K7Q', words: 'CANCEL' }],
    ['CANCEL', { keyword: 'cancel', words: 'CANCEL' }],
    ['stop', { keyword: 'stop', words: 'STOP' }],
    ['Stop all', { keyword: 'stop', words: 'STOP ALL' }],
    ['START', { keyword: 'start', words: 'START' }],
    ['no', { keyword: 'no', words: 'NO' }],
    ['¿cambiar?', { keyword: 'reschedule', words: 'CAMBIAR' }],
    ['hello?', { words: 'HELLO' }],
    ['7', { words: '7' }],
  ])('%j', (body, expected) => {
    expect(parseReply(body)).toEqual(expected);
  });
});
