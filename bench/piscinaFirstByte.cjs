// The piscina peer's task for the big-argument row: read the argument (32 MB, copied to the worker).
module.exports = (bytes) => bytes[0];
