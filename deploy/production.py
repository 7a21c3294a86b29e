"""Serve Casesamlingen in production: nginx in front, gunicorn behind it, both on this machine.

``make serve-production`` (or ``python deploy/production.py``) writes ``var/nginx/nginx.conf``
from ``deploy/nginx.conf.template`` and ``var/logrotate.conf``, starts gunicorn on loopback with
``CASESAMLINGEN_ENV=production``, waits until it answers, then starts nginx in the foreground;
SIGTERM or Ctrl-C stops both. nginx runs without root: its pid, temporary files and logs are
under ``var/`` (``--var``). Started by root, its workers run as ``nobody``.

Everything is read from the environment and ``config.yaml``; see docs/operations.md for the
recipe, including TLS (``--tls-cert``/``--tls-key``).
"""
from __future__ import annotations

import argparse
import os
import shutil
import signal
import socket
import string
import subprocess
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
TEMPLATE = Path(__file__).with_name("nginx.conf.template")
NGINX_TEMP_DIRS = ("client-body", "proxy", "fastcgi", "uwsgi", "scgi")
DEFAULT_ACCESS_LOG_DAYS = 7

sys.path.insert(0, str(ROOT))


def find_nginx() -> str | None:
    """The nginx program (Debian puts it in /usr/sbin, often not on a user's PATH)."""
    return shutil.which("nginx") or next(
        (p for p in ("/usr/sbin/nginx", "/usr/local/sbin/nginx") if os.access(p, os.X_OK)), None)


def _security_settings() -> dict:
    from indexer.settings import load_settings

    return load_settings().section("security")


def nginx_config(var: Path, *, listen: str, app_address: str, max_body: int,
                 static_dir: Path = ROOT / "search_app" / "static", nginx_workers: int = 1,
                 tls_cert: Path | None = None, tls_key: Path | None = None) -> str:
    """The nginx configuration for these paths and addresses (see the template's comments)."""
    tls = ""
    if tls_cert and tls_key:
        listen += " ssl"
        tls = (f"        ssl_certificate {tls_cert};\n        ssl_certificate_key {tls_key};\n"
               "        ssl_protocols TLSv1.2 TLSv1.3;\n")
    user = "user nobody nogroup;" if os.geteuid() == 0 else ""
    return string.Template(TEMPLATE.read_text(encoding="utf-8")).substitute(
        user_directive=user, nginx_workers=nginx_workers, var=var.resolve(), listen=listen,
        app_address=app_address, max_body=max_body, static_dir=static_dir.resolve(),
        tls_directives=tls)


def logrotate_config(var: Path, days: int) -> str:
    """Daily rotation of the access log, kept ``days`` days (install in /etc/logrotate.d/)."""
    log = var.resolve() / "log"
    return (f"{log}/access.log {log}/nginx-error.log {{\n    daily\n    rotate {days}\n"
            f"    maxage {days}\n    missingok\n    notifempty\n    compress\n    delaycompress\n"
            f"    sharedscripts\n    postrotate\n"
            f"        [ -f {var.resolve()}/nginx/nginx.pid ] && kill -USR1 $(cat {var.resolve()}/nginx/nginx.pid)\n"
            f"    endscript\n}}\n")


def write_configs(var: Path, **options) -> Path:
    """Write nginx.conf and logrotate.conf under ``var``; make nginx's folders. The conf path."""
    security = _security_settings()
    for folder in ("log", "nginx", *(f"nginx/{d}" for d in NGINX_TEMP_DIRS)):
        (var / folder).mkdir(parents=True, exist_ok=True)
    if os.geteuid() == 0:  # workers run as nobody and write request bodies here
        for folder in NGINX_TEMP_DIRS:
            shutil.chown(var / "nginx" / folder, "nobody", "nogroup")
    conf = var / "nginx" / "nginx.conf"
    conf.write_text(nginx_config(var, max_body=int(security.get("max_content_length", 2_097_152)),
                                 **options), encoding="utf-8")
    days = int(security.get("access_log_days", DEFAULT_ACCESS_LOG_DAYS))
    (var / "logrotate.conf").write_text(logrotate_config(var, days), encoding="utf-8")
    return conf


def _answers(address: str) -> bool:
    host, port = address.rsplit(":", 1)
    try:
        with socket.create_connection((host, int(port)), timeout=1):
            return True
    except OSError:
        return False


def _stop(process: subprocess.Popen, sig: int) -> None:
    if process.poll() is None:
        process.send_signal(sig)
        try:
            process.wait(timeout=20)
        except subprocess.TimeoutExpired:
            process.kill()
            process.wait()


def serve(args: argparse.Namespace) -> int:
    nginx = find_nginx()
    if nginx is None:
        print("nginx is not installed: apt-get install nginx (Debian), then try again", file=sys.stderr)
        return 2
    var = Path(args.var)
    conf = write_configs(var, listen=args.listen, app_address=args.app_bind,
                         tls_cert=args.tls_cert, tls_key=args.tls_key)
    nginx_command = [nginx, "-p", str(var.resolve() / "nginx"), "-c", str(conf.resolve()),
                     "-e", str(var.resolve() / "log" / "nginx-error.log")]
    checked = subprocess.run([*nginx_command, "-t", "-q"], capture_output=True, text=True)
    if checked.returncode:
        print(f"nginx refuses {conf}:\n{checked.stderr}", file=sys.stderr)
        return 2
    env = dict(os.environ, CASESAMLINGEN_ENV="production", CASESAMLINGEN_BIND=args.app_bind,
               CASESAMLINGEN_ACCESS_LOG="")  # nginx keeps the access log
    app = subprocess.Popen([sys.executable, "-m", "gunicorn", "-c", str(ROOT / "gunicorn.conf.py")],
                           cwd=ROOT, env=env)
    deadline = time.monotonic() + args.start_timeout
    while not _answers(args.app_bind):
        if app.poll() is not None or time.monotonic() > deadline:
            _stop(app, signal.SIGTERM)
            print("gunicorn did not start (see its messages above)", file=sys.stderr)
            return 1
        time.sleep(0.2)
    front = subprocess.Popen([*nginx_command, "-g", "daemon off;"])
    scheme = "https" if args.tls_cert else "http"
    print(f"casesamlingen: {scheme}://{args.listen} (nginx) -> gunicorn on {args.app_bind}; "
          f"logs in {var / 'log'}", file=sys.stderr, flush=True)

    stopping = []
    signal.signal(signal.SIGTERM, lambda *_: stopping.append(True))
    signal.signal(signal.SIGINT, lambda *_: stopping.append(True))
    while not stopping and app.poll() is None and front.poll() is None:
        time.sleep(0.2)
    failed = not stopping
    _stop(front, signal.SIGQUIT)  # nginx: finish the answers in progress, then stop
    _stop(app, signal.SIGTERM)
    if failed:
        print("casesamlingen: one of nginx and gunicorn stopped, so both were stopped", file=sys.stderr)
    return 1 if failed else 0


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--listen", default=os.environ.get("CASESAMLINGEN_LISTEN", "127.0.0.1:8080"),
                        help="where nginx listens (default 127.0.0.1:8080)")
    parser.add_argument("--app-bind", default=os.environ.get("CASESAMLINGEN_BIND", "127.0.0.1:8000"),
                        help="where gunicorn listens, on loopback (default 127.0.0.1:8000)")
    parser.add_argument("--var", default=str(ROOT / "var"), help="folder for logs, pid and temporary files")
    parser.add_argument("--tls-cert", type=Path, help="certificate (PEM) for HTTPS")
    parser.add_argument("--tls-key", type=Path, help="its private key (PEM)")
    parser.add_argument("--start-timeout", type=float, default=120, help="seconds gunicorn may take to start")
    parser.add_argument("--write-config-only", action="store_true",
                        help="write var/nginx/nginx.conf and var/logrotate.conf, then stop")
    args = parser.parse_args(argv)
    if bool(args.tls_cert) != bool(args.tls_key):
        parser.error("--tls-cert and --tls-key go together")
    if args.write_config_only:
        print(write_configs(Path(args.var), listen=args.listen, app_address=args.app_bind,
                            tls_cert=args.tls_cert, tls_key=args.tls_key))
        return 0
    return serve(args)


if __name__ == "__main__":
    sys.exit(main())
