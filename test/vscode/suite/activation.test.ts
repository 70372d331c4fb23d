// The extension in a real extension host: it is there, under the id its package.json gives
// it, and it activates.
import assert from 'node:assert/strict';
import * as vscode from 'vscode';
import pkg from '../../../package.json';

const id = `${pkg.publisher}.${pkg.name}`;

describe('the extension', () => {
  it(`is installed as ${id}`, () => {
    assert.ok(vscode.extensions.getExtension(id), `no extension ${id}; have: ${vscode.extensions.all.map((extension) => extension.id).join(', ')}`);
  });

  it('activates', async () => {
    const extension = vscode.extensions.getExtension(id)!;
    await extension.activate();
    assert.equal(extension.isActive, true);
  });
});
