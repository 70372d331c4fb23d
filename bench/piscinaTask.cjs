// The piscina peer's task: the same trivial work the IsolatePool benchmark sends.
module.exports = (x) => x + 1;
