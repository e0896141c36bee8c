-- Neovim (0.7+, headless) as an LSP client of helm-hooks-language-server, driven by a plan:
--
--   nvim --headless --clean -n -i NONE -c 'luafile test/e2e/nvim/lsp-client.lua'
--   HH_PLAN=plan.json  HH_OUT=result.json
--
-- plan.json: { "cmd": ["node", ".../helm-hooks-language-server.js", "--stdio"], "root": "/abs/dir",
--              "timeout_ms": 20000, "steps": [ { "op": "...", ... }, ... ] }
-- steps (positions 0-based, as in LSP):
--   { "op": "open", "file": "/abs" }                           edit the file, attach the client
--   { "op": "diagnostics", "file": "/abs", "code": "x" }        wait for published diagnostics (with that code)
--   { "op": "hover", "file": "/abs", "line": 0, "character": 0 }
--   { "op": "completion", "file": "/abs", "line": 0, "character": 0 }
--   { "op": "codeAction", "file": "/abs", "line": 0, "character": 0 }   quick fixes for the diagnostics there
--   { "op": "setLine", "file": "/abs", "line": 0, "text": "..." }      edit the buffer (sent as didChange)
-- The result (one entry per step, plus the server's name and capabilities) is written as JSON to HH_OUT; the
-- test asserts on it. Exit code 0 when every step ran, 1 otherwise.

local uv = vim.loop
local result = { steps = {} }
local v = vim.version()
result.nvim = string.format('%d.%d.%d', v.major, v.minor, v.patch)

local function read_file(path)
  local f = assert(io.open(path, 'r'))
  local s = f:read('*a')
  f:close()
  return s
end

local function write_result()
  local f = assert(io.open(assert(os.getenv('HH_OUT'), 'HH_OUT not set'), 'w'))
  f:write(vim.json.encode(result))
  f:close()
end

local buffers = {}
local client_id

local function buffer(file)
  local buf = buffers[file]
  if not buf then error('not opened: ' .. file) end
  return buf
end

local function text_of(contents)
  if type(contents) == 'string' then return contents end
  if contents.value then return contents.value end
  local parts = {}
  for _, c in ipairs(contents) do table.insert(parts, type(c) == 'string' and c or c.value) end
  return table.concat(parts, '\n')
end

local function request(plan, buf, method, params)
  local responses, err = vim.lsp.buf_request_sync(buf, method, params, plan.timeout_ms)
  if not responses then error(method .. ': ' .. tostring(err)) end
  for _, r in pairs(responses) do
    if r.err then error(method .. ': ' .. vim.inspect(r.err)) end
    return r.result
  end
  return nil
end

local ops = {}

function ops.open(plan, step)
  vim.cmd('edit ' .. vim.fn.fnameescape(step.file))
  local buf = vim.api.nvim_get_current_buf()
  vim.bo[buf].filetype = 'yaml'
  buffers[step.file] = buf
  if not client_id then
    client_id = vim.lsp.start_client({
      name = 'helm-hooks',
      cmd = plan.cmd,
      root_dir = plan.root,
      workspace_folders = { { uri = vim.uri_from_fname(plan.root), name = 'workspace' } },
      flags = { debounce_text_changes = 0 },
    })
    if not client_id then error('vim.lsp.start_client failed') end
  end
  vim.lsp.buf_attach_client(buf, client_id)
  local client
  local ok = vim.wait(plan.timeout_ms, function()
    client = vim.lsp.get_client_by_id(client_id)
    return client ~= nil and client.initialized
  end, 20)
  if not ok then error('the server did not initialize within ' .. plan.timeout_ms .. ' ms') end
  if not result.server then
    local caps = client.server_capabilities or client.resolved_capabilities or {}
    result.server = {
      name = client.server_info and client.server_info.name or vim.NIL,
      hover = caps.hoverProvider and true or false,
      completion = caps.completionProvider and true or false,
      codeAction = caps.codeActionProvider and true or false,
    }
  end
  return { buffer = buf }
end

local function diagnostics_of(buf)
  local out = {}
  for _, d in ipairs(vim.diagnostic.get(buf)) do
    local lsp = d.user_data and d.user_data.lsp or {}
    table.insert(out, {
      line = d.lnum, character = d.col, end_line = d.end_lnum, end_character = d.end_col,
      severity = d.severity, source = d.source, message = d.message, code = d.code or lsp.code,
    })
  end
  return out
end

function ops.diagnostics(plan, step)
  local buf = buffer(step.file)
  vim.wait(plan.timeout_ms, function()
    for _, d in ipairs(diagnostics_of(buf)) do
      if step.code == nil or d.code == step.code then return true end
    end
    return false
  end, 50)
  return { diagnostics = diagnostics_of(buf) }
end

function ops.hover(plan, step)
  local buf = buffer(step.file)
  local r = request(plan, buf, 'textDocument/hover', {
    textDocument = { uri = vim.uri_from_bufnr(buf) }, position = { line = step.line, character = step.character },
  })
  return { text = r and r.contents and text_of(r.contents) or vim.NIL }
end

function ops.completion(plan, step)
  local buf = buffer(step.file)
  local r = request(plan, buf, 'textDocument/completion', {
    textDocument = { uri = vim.uri_from_bufnr(buf) }, position = { line = step.line, character = step.character },
  })
  local labels = {}
  for _, item in ipairs(r and (r.items or r) or {}) do table.insert(labels, item.label) end
  return { labels = labels }
end

function ops.codeAction(plan, step)
  local buf = buffer(step.file)
  local here = {}
  for _, d in ipairs(vim.lsp.diagnostic.get_line_diagnostics(buf, step.line)) do table.insert(here, d) end
  local pos = { line = step.line, character = step.character }
  local r = request(plan, buf, 'textDocument/codeAction', {
    textDocument = { uri = vim.uri_from_bufnr(buf) }, range = { start = pos, ['end'] = pos },
    context = { diagnostics = here, only = { 'quickfix' } },
  })
  local titles = {}
  for _, action in ipairs(r or {}) do table.insert(titles, action.title) end
  return { titles = titles }
end

function ops.setLine(plan, step)
  local buf = buffer(step.file)
  vim.api.nvim_buf_set_lines(buf, step.line, step.line + 1, false, { step.text })
  vim.wait(100) -- let the change go out as didChange before the next request
  return { text = vim.api.nvim_buf_get_lines(buf, step.line, step.line + 1, false)[1] }
end

local ok, err = pcall(function()
  local plan = vim.json.decode(read_file(assert(os.getenv('HH_PLAN'), 'HH_PLAN not set')))
  plan.timeout_ms = plan.timeout_ms or 20000
  for i, step in ipairs(plan.steps) do
    local started = uv.hrtime()
    local fn = ops[step.op]
    if not fn then error('unknown op ' .. tostring(step.op)) end
    local r = fn(plan, step)
    r.op = step.op
    r.ms = math.floor((uv.hrtime() - started) / 1e6)
    result.steps[i] = r
  end
end)
if not ok then result.error = tostring(err) end

-- Stop the server politely (shutdown + exit) and give it a moment, then leave.
for _, c in pairs(vim.lsp.get_active_clients()) do c.stop() end
vim.wait(3000, function() return #vim.lsp.get_active_clients() == 0 end, 50)
result.clients_left = #vim.lsp.get_active_clients()
write_result()
if ok then vim.cmd('qall!') else vim.cmd('cquit 1') end
