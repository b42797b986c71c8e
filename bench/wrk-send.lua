-- wrk script for POST /v1/messages/send with a distinct external_id on every request.
-- Arguments after "--": the API key and a run id that keeps ids distinct across runs.
-- Each wrk thread has its own Lua state, so setup() gives every thread its own number.

local thread_count = 0

function setup(thread)
  thread_count = thread_count + 1
  thread:set("thread_number", thread_count)
end

function init(args)
  api_key = args[1]
  run_id = args[2]
  counter = 0
end

function request()
  counter = counter + 1
  local body = string.format(
    '{"recipient_phone":"+5511987654321","message_body":"Benchmark message","external_id":"wrk-%s-%d-%d"}',
    run_id, thread_number, counter)
  return wrk.format("POST", "/v1/messages/send",
    { ["Content-Type"] = "application/json", ["X-API-Key"] = api_key }, body)
end
