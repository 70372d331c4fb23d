// tsserver loads a plugin by package name from <extension>/node_modules, so the .vsix carries
// this package there; the plugin itself is the extension's bundle two folders up.
module.exports = require('../../dist/tsserverPlugin.cjs').pluginModule;
