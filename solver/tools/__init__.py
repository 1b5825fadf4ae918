"""Tools the model may call while it thinks: their schemas, the parser that reads the calls (from the server's
`tool_calls` or from the text), the executor that runs them in a sandbox tool session, and the conversation loop."""
