-- wrk script: POST /api/appointments/<id>/join with a bearer token (both from the environment).
wrk.method = "POST"
wrk.headers["Authorization"] = "Bearer " .. os.getenv("JOIN_TOKEN")
wrk.path = "/api/appointments/" .. os.getenv("JOIN_APPOINTMENT") .. "/join"

done = function(summary, latency, requests)
  local non2xx = summary.errors.status
  io.write(string.format("joins/s %.0f  p50 %.1f ms  p99 %.1f ms  max %.1f ms  non-2xx %d  socket errors %d\n",
    summary.requests / (summary.duration / 1e6), latency:percentile(50) / 1000, latency:percentile(99) / 1000,
    latency.max / 1000, non2xx, summary.errors.connect + summary.errors.read + summary.errors.write + summary.errors.timeout))
end
