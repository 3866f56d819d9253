// Pages through GET /ats/interviews of the Kombo sandbox with the official SDK, which validates every
// page strictly (required fields, types, date-times with offset, closed enums), and prints counts as JSON:
// records, pages, deleted ones, and how many had a null application.outcome or no location key at all.
// Env: KOMBO_BASE_URL, KOMBO_API_KEY, KOMBO_INTEGRATION_ID, optional KOMBO_UPDATED_AFTER (ISO instant).
import { Kombo } from "@kombo-api/sdk";

const { KOMBO_BASE_URL, KOMBO_API_KEY, KOMBO_INTEGRATION_ID, KOMBO_UPDATED_AFTER } = process.env;

const kombo = new Kombo({
  api_key: KOMBO_API_KEY,
  integration_id: KOMBO_INTEGRATION_ID,
  server_url: KOMBO_BASE_URL,
});

const request = { page_size: 250, include_deleted: true };
if (KOMBO_UPDATED_AFTER) {
  request.updated_after = new Date(KOMBO_UPDATED_AFTER);
}

let count = 0;
let pages = 0;
let deleted = 0;
let nullOutcomes = 0;
let absentLocations = 0;
const ids = new Set();
for await (const page of await kombo.ats.getInterviews(request)) {
  pages++;
  for (const interview of page.result.data.results) {
    if (!(interview.changed_at instanceof Date) || Number.isNaN(interview.changed_at.getTime())) {
      throw new Error(`changed_at of ${interview.id} did not parse as a date`);
    }
    if (ids.has(interview.id)) {
      throw new Error(`interview ${interview.id} came twice`);
    }
    ids.add(interview.id);
    count++;
    if (interview.remote_deleted_at !== null) {
      deleted++;
    }
    if (interview.application !== null && interview.application.outcome === null) {
      nullOutcomes++;
    }
    if (!("location" in interview)) {
      absentLocations++;
    }
  }
}
console.log(JSON.stringify({ count, pages, deleted, nullOutcomes, absentLocations }));
