// Benchmark: pages through GET /ats/interviews with the official SDK (which parses and validates every page)
// and only counts records, for comparison with the bundle and BaselineSync. Prints
//   RESULT records=N pages=N millis=N
// Args (or env): --base-url (KOMBO_BASE_URL, the sandbox's .../v1 base), --api-key (KOMBO_API_KEY),
// --integration-id (KOMBO_INTEGRATION_ID), --page-size (KOMBO_PAGE_SIZE, default 250).
import { parseArgs } from "node:util";
import { Kombo } from "@kombo-api/sdk";

const { values } = parseArgs({
  options: {
    "base-url": { type: "string", default: process.env.KOMBO_BASE_URL },
    "api-key": { type: "string", default: process.env.KOMBO_API_KEY },
    "integration-id": { type: "string", default: process.env.KOMBO_INTEGRATION_ID },
    "page-size": { type: "string", default: process.env.KOMBO_PAGE_SIZE ?? "250" },
  },
});
for (const name of ["base-url", "api-key", "integration-id"]) {
  if (!values[name]) {
    throw new Error(`--${name} is required`);
  }
}

const kombo = new Kombo({
  api_key: values["api-key"],
  integration_id: values["integration-id"],
  server_url: values["base-url"],
});

const started = performance.now();
let records = 0;
let pages = 0;
for await (const page of await kombo.ats.getInterviews({
  page_size: Number(values["page-size"]),
  include_deleted: true,
})) {
  pages++;
  records += page.result.data.results.length;
}
const millis = Math.round(performance.now() - started);
console.log(`RESULT records=${records} pages=${pages} millis=${millis}`);
