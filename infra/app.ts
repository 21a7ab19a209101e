#!/usr/bin/env node
import { buildApp } from '#infra/build-app';

/** `npx cdk synth|deploy`: the CDK app as configured by cdk.json's context and `-c key=value`. */
buildApp();
