-- wrk script for request-cost.sh: one request shape from the environment (COST_METHOD, COST_PATH,
-- optional COST_TOKEN for a bearer header), and one summary line with req/s and p50/p99.
wrk.method = os.getenv("COST_METHOD") or "GET"
wrk.path = os.getenv("COST_PATH")
local token = os.getenv("COST_TOKEN")
if token and token ~= "" then
  wrk.headers["Authorization"] = "Bearer " .. token
end

done = function(summary, latency, requests)
  io.write(string.format("req/s %.0f  p50 %.1f ms  p99 %.1f ms  max %.1f ms  non-2xx %d  socket errors %d\n",
    summary.requests / (summary.duration / 1e6), latency:percentile(50) / 1000, latency:percentile(99) / 1000,
    latency.max / 1000, summary.errors.status,
    summary.errors.connect + summary.errors.read + summary.errors.write + summary.errors.timeout))
end
