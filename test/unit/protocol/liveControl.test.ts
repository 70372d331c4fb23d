// Reading the editor's control requests (src/protocol/liveControl.ts): only a well-formed
// request that carries the session's token becomes an order; everything else is refused
// with a reason, so a program never acts on a frame it cannot vouch for.
import assert from 'node:assert/strict';
import { encodeControlRequest, readControlRequest, type LiveControlRequest } from '../../../src/protocol/liveControl';

const TOKEN = 'session-token';
const sameToken = (token: string): boolean => token === TOKEN;
const read = (value: unknown) => readControlRequest(new TextEncoder().encode(typeof value === 'string' ? value : JSON.stringify(value)), sameToken);
const request: LiveControlRequest = { type: 'control', token: TOKEN, id: 7, action: 'kill', isolate: 3, priority: 'immediate' };

describe('protocol: live control requests', () => {
  it('reads a request with the token as an order without it', () => {
    assert.deepEqual(readControlRequest(encodeControlRequest(request), sameToken), { order: { id: 7, action: 'kill', isolate: 3, priority: 'immediate' } });
    assert.deepEqual(read({ ...request, action: 'pause', priority: undefined }), { order: { id: 7, action: 'pause', isolate: 3 } });
  });

  it('refuses a wrong or missing token, and says so', () => {
    assert.deepEqual(read({ ...request, token: 'guess' }), { refused: 'a control request without the session token' });
    assert.deepEqual(read({ ...request, token: undefined }), { refused: 'a control request without the session token' });
  });

  it('refuses what is not a well-formed request', () => {
    assert.deepEqual(read('{not json'), { refused: 'a frame that is not JSON' });
    assert.deepEqual(read({ ...request, type: 'hello' }), { refused: 'a frame that is not a control request' });
    assert.deepEqual(read('null'), { refused: 'a frame that is not a control request' });
    assert.match((read({ ...request, action: 'explode' }) as { refused: string }).refused, /^a malformed control request/);
    assert.match((read({ ...request, isolate: -1 }) as { refused: string }).refused, /^a malformed control request/);
    assert.match((read({ ...request, isolate: 1.5 }) as { refused: string }).refused, /^a malformed control request/);
    assert.deepEqual(read({ ...request, priority: 'later' }), { refused: 'a kill with an unknown priority (later)' });
  });
});
