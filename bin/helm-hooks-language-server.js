#!/usr/bin/env node
require('../out/server/src/node/main.js');
