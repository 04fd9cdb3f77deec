#!/usr/bin/env node
import '../dist/seikyu.js';
