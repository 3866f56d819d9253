// Runs the official SDK's schema for GET /ats/interviews answers (zod, as the SDK parses every page) over the
// pages written by SdkAcceptsGeneratedRecordsTest: every *.json file in the folder given is one answer.
// Prints one JSON line: pages and records checked, and each refused record (file, index, id, the SDK's issues).
import { readdirSync, readFileSync } from "node:fs";
import { join } from "node:path";
import {
  GetAtsInterviewsPositiveResponse$inboundSchema as pageSchema,
  GetAtsInterviewsPositiveResponseResult$inboundSchema as interviewSchema,
} from "@kombo-api/sdk/models/getatsinterviewspositiveresponse.js";

const folder = process.argv[2];
const issues = (error) => error.issues.map((i) => `${i.path.join(".")}: ${i.message}`);
let pages = 0;
let records = 0;
const refused = [];
for (const file of readdirSync(folder).filter((f) => f.endsWith(".json")).sort()) {
  const page = JSON.parse(readFileSync(join(folder, file), "utf8"));
  const results = Array.isArray(page?.data?.results) ? page.data.results : [];
  pages++;
  records += results.length;
  const parsed = pageSchema.safeParse(page);
  if (parsed.success) {
    continue;
  }
  let named = false;
  results.forEach((result, index) => {
    const one = interviewSchema.safeParse(result);
    if (!one.success) {
      named = true;
      refused.push({ file, index, id: result?.id ?? null, issues: issues(one.error) });
    }
  });
  if (!named) {
    refused.push({ file, index: null, id: null, issues: issues(parsed.error) });
  }
}
console.log(JSON.stringify({ pages, records, refused }));
