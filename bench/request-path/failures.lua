-- wrk's response hook for both scripts: prints the first few failures; wrk counts them all as "Non-2xx"
local failed = 0
function response(status, headers, body)
  if status >= 300 then
    failed = failed + 1
    if failed < 5 then print(status, body) end
  end
end
