"""A response that is not JSON (a file download) comes back as the bytes that were sent;
the request accepts them (a server that honours Accept, as Prism does, answers a request
that accepts only JSON with a 406)."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

from conftest import run_cli


def test_binary_download_returns_bytes(tmp_path: Path) -> None:
    spec = tmp_path / "files.yaml"
    spec.write_text("""openapi: 3.0.3
info: {title: Files, version: '1'}
servers: [{url: 'https://api.pipedrive.com/v1'}]
paths:
  /files/{id}/download:
    get:
      operationId: downloadFile
      parameters: [{in: path, name: id, required: true, schema: {type: integer}}]
      responses:
        '200':
          description: the file
          content:
            application/octet-stream:
              schema: {type: string, format: binary}
""")
    result = run_cli(
        "generate", "--spec", f"v1={spec}", "--out", str(tmp_path), "--package", "files"
    )
    assert result.returncode == 0, result.stderr
    client_source = (tmp_path / "files" / "v1" / "client.py").read_text()
    assert ") -> bytes:" in client_source
    script = (
        "import httpx\n"
        "from files import FilesClient\n"
        "t = httpx.MockTransport(lambda r: httpx.Response(200, content=b'%PDF-1.4 \\x00\\xff',"
        " headers={'content-type': 'application/octet-stream'})"
        " if r.headers['accept'] == '*/*' else httpx.Response(406))\n"
        "with FilesClient(api_token='t', transport=t) as c:\n"
        "    print(c.v1.download_file(id=3))\n"
    )
    run = subprocess.run(
        [sys.executable, "-c", script], cwd=tmp_path, capture_output=True, text=True
    )
    assert run.returncode == 0, run.stderr
    assert run.stdout.strip() == "b'%PDF-1.4 \\x00\\xff'"
