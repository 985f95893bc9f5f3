-- wrk script: POST the widget JSON; print a machine-readable summary line at the end.
wrk.method = "POST"
wrk.headers["Content-Type"] = "application/json"
wrk.body = '{"product":"runmy","name":"Bench Customer","email":"bench@example.com","subject":"Benchmark ticket","message":"Posted by the intake benchmark to measure durable throughput.","pageUrl":"https://app.runmy.com/help"}'

local non2xx = 0
response = function(status, headers, body)
  if status ~= 201 then non2xx = non2xx + 1 end
end

done = function(summary, latency, requests)
  io.write(string.format("RESULT requests=%d duration_s=%.3f rps=%.1f p50_ms=%.2f p90_ms=%.2f p99_ms=%.2f max_ms=%.2f errors=%d\n",
    summary.requests, summary.duration / 1e6, summary.requests / (summary.duration / 1e6),
    latency:percentile(50) / 1000, latency:percentile(90) / 1000, latency:percentile(99) / 1000,
    latency.max / 1000,
    summary.errors.connect + summary.errors.read + summary.errors.write + summary.errors.status + summary.errors.timeout))
end
