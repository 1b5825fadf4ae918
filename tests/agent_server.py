"""Only an old import path: the suite's one scripted server is tests/scripted_server.py. tests/test_agent_resume.py
(worked on in another branch) still imports it from here; when that import says `.scripted_server`, delete this."""
from .scripted_server import ScriptedServer  # noqa: F401
