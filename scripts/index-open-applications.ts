export {};

/**
 * `TABLE_NAME=<table> npx tsx scripts/index-open-applications.ts`: puts the open applications stored
 * before the open-applications index (GSI2 `OPEN`) existed into it, once, after upgrading a deployment from a
 * version without it (README "Deploy"); the reconciler reads that index.
 * Safe to run again. The local runtime does the same by itself when it upgrades a data folder.
 */
if (!process.env.TABLE_NAME) {
  console.error('index-application-statuses: set TABLE_NAME (the data stack output) and AWS credentials');
  process.exit(2);
}
const { documentClient } = await import('#shared/adapters/dynamodb');
const { indexOpenApplications } = await import('#shared/adapters/application-store');
const indexed = await indexOpenApplications(documentClient, process.env.TABLE_NAME);
console.log(`indexed ${indexed} application(s)`);
