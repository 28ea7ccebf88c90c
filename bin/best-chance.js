#!/usr/bin/env node
// The installed command runs the compiled build (npm install builds it through "prepare").
import '../dist/app/cli/main.js'
