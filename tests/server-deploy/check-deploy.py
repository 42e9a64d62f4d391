#!/usr/bin/env python3
# SPDX-License-Identifier: GPL-3.0-or-later
"""Check the deployment files of isaf-server against each other and against the README.

Usage: check-deploy.py SOURCE_ROOT

Checks data/isaf-server/ (the systemd units, the example configuration, the nginx example)
and the README's section "Running the national server", without root and without running
any service:
  - the units: sections and keys, ExecStart, the user, the sandboxing, no migrate on start,
    the template unit identical to the plain one but for its instance; then
    `systemd-analyze verify` and `systemd-analyze security --offline=yes` on copies whose
    ExecStart runs /bin/true, when systemd-analyze is installed;
  - the configuration: a key file that Python's configparser and GLib's GKeyFile read alike,
    with every key of the server in its section, a documented default, and the default value;
    the same keys and defaults as src/server/isaf-server-config.c, when it exists;
  - the nginx example: the body limit, the read timeout and Retry-After agree with the
    configuration, plus TLS, HSTS, upstream keepalive, rate limiting and a log format without
    the Authorization header; then `nginx -t` on a copy with a throw-away certificate, when nginx
    and openssl are installed ($ISAF_TEST_NGINX names another nginx binary);
  - the README section: every command, the roles, the logs, the link to the protocol.
Prints each check; exits 1 with the list of failures, 2 on wrong usage.
"""

import configparser
import os
import re
import shlex
import shutil
import subprocess
import sys
import tempfile

COMMANDS = ["migrate", "enroll-code", "revoke-device", "publish-ref", "dump", "serve"]

# Every key isaf-server reads, with its default ("" for empty).
CONFIG_KEYS = {
    "server": {
        "listen": "127.0.0.1:8470",
        "pg": "",
        "owner_pg": "",
        "api_role": "isaf_api",
        "token_secret_file": "/etc/isaf-server/token-secret",
    },
    "limits": {
        "max_body_bytes": "2097152",
        "max_decompressed_bytes": "8388608",
        "request_timeout_seconds": "30",
        "max_concurrent_requests": "64",
        "retry_after_seconds": "30",
        "token_lifetime_seconds": "3600",
        "clock_skew_clamp_seconds": "600",
    },
}

# Unit keys and the value each must have exactly.
UNIT_EXACT = {
    "Service": {
        "User": "isaf-server",
        "Group": "isaf-server",
        "Restart": "on-failure",
        "NoNewPrivileges": "yes",
        "CapabilityBoundingSet": "",
        "AmbientCapabilities": "",
        "ProtectSystem": "strict",
        "ProtectHome": "yes",
        "PrivateTmp": "yes",
        "PrivateDevices": "yes",
        "ProtectKernelTunables": "yes",
        "ProtectKernelModules": "yes",
        "ProtectKernelLogs": "yes",
        "ProtectControlGroups": "yes",
        "RestrictNamespaces": "yes",
        "RestrictRealtime": "yes",
        "RestrictSUIDSGID": "yes",
        "LockPersonality": "yes",
        "MemoryDenyWriteExecute": "yes",
        "SystemCallArchitectures": "native",
    },
    "Install": {"WantedBy": "multi-user.target"},
}

# systemd's own rating: "OK" and better stay below 5; the units reach about 1.2.
MAX_EXPOSURE = 2.0


class Checks:
    def __init__(self):
        self.failures = []

    def check(self, condition, what, detail=""):
        if condition:
            print(f"ok: {what}")
        else:
            print(f"FAILED: {what}" + (f": {detail}" if detail else ""))
            self.failures.append(what + (f": {detail}" if detail else ""))
        return condition

    def note(self, text):
        print(f"note: {text}")


def read(path):
    with open(path, encoding="utf-8") as f:
        return f.read()


# --- systemd units ----------------------------------------------------------------------

def parse_unit(text):
    """A unit file as {section: [(key, value), ...]}: repeated keys (SystemCallFilter=) are
    legal in units, which configparser refuses, so keep every assignment in order."""
    sections = {}
    current = None
    pending = ""
    for number, raw in enumerate(text.splitlines(), 1):
        line = pending + raw.strip()
        pending = ""
        if line.endswith("\\"):
            pending = line[:-1] + " "
            continue
        if not line or line[0] in "#;":
            continue
        if line.startswith("[") and line.endswith("]"):
            current = line[1:-1]
            if current in sections:
                raise ValueError(f"line {number}: section [{current}] appears twice")
            sections[current] = []
        elif current is None:
            raise ValueError(f"line {number}: an assignment before any section")
        elif "=" not in line:
            raise ValueError(f"line {number}: not a KEY=VALUE line: {raw!r}")
        else:
            key, value = line.split("=", 1)
            sections[current].append((key.strip(), value.strip()))
    return sections


def unit_values(unit, section, key):
    return [v for k, v in unit.get(section, []) if k == key]


def unit_value(unit, section, key):
    values = unit_values(unit, section, key)
    return values[-1] if values else None


def check_unit(c, path, unit, config, template):
    name = os.path.basename(path)
    c.check(list(unit) == ["Unit", "Service", "Install"], f"{name}: sections [Unit] [Service] [Install]",
            f"found {list(unit)}")

    exec_start = unit_values(unit, "Service", "ExecStart")
    if c.check(len(exec_start) == 1, f"{name}: exactly one ExecStart", f"found {len(exec_start)}"):
        argv = shlex.split(exec_start[0])
        c.check(os.path.isabs(argv[0]) and os.path.basename(argv[0]) == "isaf-server",
                f"{name}: ExecStart runs isaf-server by absolute path", argv[0])
        c.check("--config" in argv[:-1] and argv[argv.index("--config") + 1] == "/etc/isaf-server/isaf-server.conf",
                f"{name}: ExecStart passes --config /etc/isaf-server/isaf-server.conf", exec_start[0])
        c.check(argv[-1] == "serve", f"{name}: ExecStart ends with the serve command", exec_start[0])
        if template:
            c.check("--listen" in argv and argv[argv.index("--listen") + 1] == "127.0.0.1:%i",
                    f"{name}: ExecStart listens on 127.0.0.1:%i (the instance is the port)", exec_start[0])
        else:
            c.check("--listen" not in argv, f"{name}: ExecStart leaves the address to the configuration",
                    exec_start[0])

    exec_lines = [f"{k}={v}" for k, v in unit["Service"] if k.startswith("Exec")] if "Service" in unit else []
    c.check(not any("migrate" in line for line in exec_lines),
            f"{name}: no Exec line runs migrate (an explicit administrator step)",
            "; ".join(line for line in exec_lines if "migrate" in line))

    for section, keys in UNIT_EXACT.items():
        for key, expected in keys.items():
            c.check(unit_value(unit, section, key) == expected, f"{name}: {key}={expected}",
                    f"found {unit_value(unit, section, key)!r}")

    families = set((unit_value(unit, "Service", "RestrictAddressFamilies") or "").split())
    c.check(families == {"AF_UNIX", "AF_INET", "AF_INET6"},
            f"{name}: RestrictAddressFamilies=AF_UNIX AF_INET AF_INET6", f"found {sorted(families)}")
    filters = unit_values(unit, "Service", "SystemCallFilter")
    c.check(any(f.split() == ["@system-service"] for f in filters),
            f"{name}: SystemCallFilter=@system-service", f"found {filters}")

    timeout = unit_value(unit, "Service", "TimeoutStopSec") or ""
    request_timeout = int(config["limits"]["request_timeout_seconds"])
    c.check(timeout.isdigit() and int(timeout) > request_timeout,
            f"{name}: TimeoutStopSec leaves time to finish a request (> request_timeout_seconds {request_timeout})",
            f"found {timeout!r}")

    for key in ("Wants", "After"):
        listed = " ".join(unit_values(unit, "Unit", key)).split()
        c.check({"postgresql.service", "network-online.target"} <= set(listed),
                f"{name}: {key}= postgresql.service network-online.target", f"found {listed}")


def check_units_alike(c, plain, template):
    """The template must differ from the plain unit only by its Description and ExecStart."""
    def without(unit, drop):
        return {s: [(k, v) for k, v in entries if k not in drop] for s, entries in unit.items()}
    a = without(plain, {"Description", "ExecStart"})
    b = without(template, {"Description", "ExecStart"})
    difference = [f"[{s}]" for s in sorted(set(a) | set(b)) if a.get(s) != b.get(s)]
    c.check(not difference, "isaf-server@.service: the same settings as isaf-server.service but its instance",
            "differs in " + ", ".join(difference))


def systemd_analyze(c, data_dir):
    tool = shutil.which("systemd-analyze")
    if not tool:
        c.note("systemd-analyze is not installed: units not verified by systemd")
        return
    with tempfile.TemporaryDirectory() as tmp:
        copies = {"isaf-server.service": "isaf-server.service",
                  "isaf-server@.service": "isaf-server@8471.service"}
        paths = []
        for source, copy in copies.items():
            text = re.sub(r"^ExecStart=\S+", "ExecStart=/bin/true", read(os.path.join(data_dir, source)),
                          flags=re.M)
            path = os.path.join(tmp, copy)
            with open(path, "w", encoding="utf-8") as f:
                f.write(text)
            paths.append(path)
        for path in paths:
            name = os.path.basename(path)
            run = subprocess.run([tool, "verify", path], capture_output=True, text=True, timeout=60)
            # Unknown keys and bad values are only warnings (exit status 0): any line about the
            # unit itself is a failure. Lines about other units (postgresql.service absent) are not.
            own = [line for line in (run.stdout + run.stderr).splitlines() if name in line or path in line]
            other = [line for line in (run.stdout + run.stderr).splitlines() if line not in own]
            c.check(run.returncode == 0 and not own, f"systemd-analyze verify {name} (ExecStart=/bin/true)",
                    "\n  ".join(own) or f"exit status {run.returncode}")
            for line in other:
                c.note(f"systemd-analyze: {line}")
            run = subprocess.run([tool, "security", "--offline=yes", path], capture_output=True, text=True,
                                 timeout=60)
            level = re.search(r"Overall exposure level for \S+: ([0-9.]+)", run.stdout + run.stderr)
            if run.returncode != 0 and not level:
                c.note(f"systemd-analyze security --offline=yes unavailable here: {run.stderr.strip()[:200]}")
                continue
            c.check(level is not None and float(level.group(1)) <= MAX_EXPOSURE,
                    f"systemd-analyze security {name}: exposure {level.group(1) if level else '?'} "
                    f"(at most {MAX_EXPOSURE})")


# --- configuration --------------------------------------------------------------------

def check_config(c, path):
    name = os.path.basename(path)
    text = read(path)
    # GKeyFile's rules, stricter than configparser's: '#' comments on their own lines only.
    lines = text.splitlines()
    bad = [f"line {i}: {l.strip()}" for i, l in enumerate(lines, 1)
           if l.strip().startswith(";") or (not l.lstrip().startswith("#") and re.search(r"\s#", l))]
    c.check(not bad, f"{name}: comments on lines of their own, starting with # (GKeyFile)", "; ".join(bad))

    parser = configparser.ConfigParser(delimiters=("=",), comment_prefixes=("#",), interpolation=None,
                                       strict=True, empty_lines_in_values=False)
    parser.optionxform = str  # GKeyFile keys are case-sensitive
    try:
        parser.read_string(text, source=path)
    except configparser.Error as e:
        c.check(False, f"{name}: parses with configparser", str(e).replace("\n", " "))
        return None
    c.check(True, f"{name}: parses with configparser")
    c.check(parser.sections() == list(CONFIG_KEYS), f"{name}: sections {list(CONFIG_KEYS)}",
            f"found {parser.sections()}")

    # The comment block above each key must say its default, and the value must be that default
    # (the connection strings excepted: the example fills them in for the README's setup).
    documented = {}
    section = None
    block = []
    for line in lines:
        stripped = line.strip()
        if stripped.startswith("#"):
            block.append(stripped)
        elif stripped.startswith("["):
            section, block = stripped[1:-1], []
        elif "=" in stripped:
            found = [re.match(r"#\s*Default:\s*(.*)", b) for b in block]
            found = [m.group(1) for m in found if m]
            documented[(section, stripped.split("=", 1)[0].strip())] = found[0] if found else None
            block = []
        else:
            block = []

    for section, keys in CONFIG_KEYS.items():
        for key, default in keys.items():
            where = f"{name}: [{section}] {key}"
            if not c.check(parser.has_option(section, key), f"{where} present"):
                continue
            doc = documented.get((section, key))
            doc_value = doc.split()[0].rstrip(",") if doc else None
            if default == "":
                c.check(doc is not None and doc.startswith("empty"), f"{where}: default documented as empty",
                        f"found {doc!r}")
            else:
                c.check(doc_value == default, f"{where}: default documented as {default}", f"found {doc!r}")
                c.check(parser.get(section, key) == default, f"{where}={default}",
                        f"found {parser.get(section, key)!r}")
        for key in parser.options(section) if parser.has_section(section) else []:
            c.check(key in keys, f"{name}: [{section}] {key} is a key isaf-server reads")
    return parser


def check_config_source(c, root):
    """The keys and defaults src/server/isaf-server-config.c reads, against CONFIG_KEYS."""
    path = os.path.join(root, "src", "server", "isaf-server-config.c")
    if not os.path.exists(path):
        c.note("src/server/isaf-server-config.c not found: keys not compared with the server's source")
        return
    source = read(path)
    read_keys = re.findall(r'read_\w+\s*\(\s*file,\s*"(\w+)",\s*"(\w+)"', source)
    listed = [(section, key) for section, keys in CONFIG_KEYS.items() for key in keys]
    c.check(sorted(read_keys) == sorted(listed), "src/server/isaf-server-config.c reads exactly the documented keys",
            f"source only: {sorted(set(read_keys) - set(listed))}, example only: {sorted(set(listed) - set(read_keys))}")
    defaults = {}
    for field, value in re.findall(r"config->(\w+)\s*=\s*([^;]+);", source.split("isaf_server_config_free")[0]):
        text = re.fullmatch(r'g_strdup\s*\(\s*"(.*)"\s*\)', value.strip())
        if text:
            defaults[field] = text.group(1)
        elif re.fullmatch(r"[\d\s*]+", value):
            defaults[field] = str(eval(value))  # products of integer literals only
    for section, keys in CONFIG_KEYS.items():
        for key, default in keys.items():
            c.check(defaults.get(key) == default, f"src/server/isaf-server-config.c: default of {key} is {default!r}",
                    f"found {defaults.get(key)!r}")


# --- nginx ----------------------------------------------------------------------------

def nginx_directives(text):
    """(name, [arguments]) for every directive and block opening, comments removed, quotes kept
    together (the JSON bodies contain spaces and braces)."""
    tokens = re.findall(r"""'(?:[^'\\]|\\.)*'|"(?:[^"\\]|\\.)*"|#[^\n]*|[{};]|[^\s{};'"#]+""", text)
    directives, current = [], []
    for token in tokens:
        if token.startswith("#"):
            continue
        if token in ("{", ";", "}"):
            if current:
                directives.append((current[0], current[1:]))
            current = []
        else:
            current.append(token.strip("'\"") if token[0] in "'\"" else token)
    return directives


def nginx_size(value):
    scale = {"k": 1024, "m": 1024 ** 2, "g": 1024 ** 3}
    m = re.fullmatch(r"(\d+)([kKmMgG]?)", value)
    return int(m.group(1)) * scale.get(m.group(2).lower(), 1) if m else None


def nginx_seconds(value):
    m = re.fullmatch(r"(\d+)(ms|s|m|h)?", value)
    if not m:
        return None
    return int(m.group(1)) * {"ms": 0.001, "s": 1, None: 1, "m": 60, "h": 3600}[m.group(2)]


def check_nginx(c, path, config):
    name = os.path.basename(path)
    directives = nginx_directives(read(path))
    first = lambda d: next((args for n, args in directives if n == d), None)
    every = lambda d: [args for n, args in directives if n == d]
    limits = config["limits"]

    size = first("client_max_body_size")
    c.check(size is not None and nginx_size(size[0]) == int(limits["max_body_bytes"]),
            f"{name}: client_max_body_size equals max_body_bytes ({limits['max_body_bytes']})", f"found {size}")
    timeout = first("proxy_read_timeout")
    c.check(timeout is not None and nginx_seconds(timeout[0]) == int(limits["request_timeout_seconds"]),
            f"{name}: proxy_read_timeout equals request_timeout_seconds ({limits['request_timeout_seconds']})",
            f"found {timeout}")
    retry = [args[1] for args in every("add_header") if args and args[0].lower() == "retry-after"]
    c.check(retry and all(v == limits["retry_after_seconds"] for v in retry),
            f"{name}: Retry-After equals retry_after_seconds ({limits['retry_after_seconds']})", f"found {retry}")
    c.check(first("limit_req_zone") is not None and first("limit_req") is not None,
            f"{name}: per-client rate limiting (limit_req_zone, limit_req)")
    c.check(first("limit_req_status") == ["429"], f"{name}: limit_req_status 429",
            f"found {first('limit_req_status')}")
    c.check(any(args[:1] == ["429"] for args in every("error_page")), f"{name}: 429 answered with Retry-After")

    protocols = first("ssl_protocols") or []
    c.check(protocols and set(protocols) <= {"TLSv1.2", "TLSv1.3"}, f"{name}: TLS 1.2 and 1.3 only",
            f"found {protocols}")
    c.check(any(args and args[0].lower() == "strict-transport-security" and "always" in args
                for args in every("add_header")), f"{name}: HSTS header")
    c.check(first("gzip") == ["on"] and "application/json" in (first("gzip_types") or []),
            f"{name}: gzip for JSON answers")

    servers = [args[0] for n, args in directives if n == "server" and args]
    local_ports = [s.split(":")[1] for s in servers if s.startswith("127.0.0.1:")]
    c.check(len(local_ports) >= 2, f"{name}: upstream with several 127.0.0.1 copies", f"found {servers}")
    listen_port = config["server"]["listen"].rsplit(":", 1)[1]
    c.check(listen_port in local_ports, f"{name}: upstream includes the configured listen port {listen_port}")
    c.check(first("keepalive") is not None, f"{name}: upstream keepalive")
    c.check(first("proxy_http_version") == ["1.1"] and ["Connection", ""] in every("proxy_set_header"),
            f"{name}: HTTP/1.1 without Connection: close to the upstream (needed by keepalive)")
    c.check(first("proxy_buffering") != ["off"] and first("proxy_max_temp_file_size") != ["0"],
            f"{name}: answers buffered, larger pull pages allowed to spill to disk")

    formats = {args[0]: "".join(args[1:]) for args in every("log_format")}
    logs = [args for args in every("access_log") if args and args[0] != "off"]
    c.check(logs and all(len(args) > 1 and args[1] in formats for args in logs),
            f"{name}: access_log with a log_format of its own", f"found {logs}")
    secret = [f for f, body in formats.items() if re.search(r"\$(http_authorization|request_body)", body)]
    c.check(not secret, f"{name}: no log format records Authorization or request bodies", ", ".join(secret))
    return directives


def nginx_test(c, path):
    nginx = os.environ.get("ISAF_TEST_NGINX") or shutil.which("nginx") or (
        "/usr/sbin/nginx" if os.access("/usr/sbin/nginx", os.X_OK) else None)
    openssl = shutil.which("openssl")
    if not nginx or not openssl:
        c.note("nginx or openssl not installed: nginx -t not run")
        return
    with tempfile.TemporaryDirectory() as tmp:
        cert, key = os.path.join(tmp, "cert.pem"), os.path.join(tmp, "key.pem")
        made = subprocess.run([openssl, "req", "-x509", "-newkey", "ec", "-pkeyopt", "ec_paramgen_curve:prime256v1",
                               "-nodes", "-days", "1", "-subj", "/CN=localhost", "-keyout", key, "-out", cert],
                              capture_output=True, text=True, timeout=60)
        if made.returncode != 0:
            c.note(f"openssl could not make a test certificate, nginx -t not run: {made.stderr.strip()[:200]}")
            return
        text = read(path)
        text = re.sub(r"^(\s*ssl_certificate)\s+\S+;", rf"\1 {cert};", text, flags=re.M)
        text = re.sub(r"^(\s*ssl_certificate_key)\s+\S+;", rf"\1 {key};", text, flags=re.M)
        text = text.replace("/var/log/nginx/", tmp + "/")
        site = os.path.join(tmp, "site.conf")
        with open(site, "w", encoding="utf-8") as f:
            f.write(text)
        main = os.path.join(tmp, "nginx.conf")
        temp_paths = " ".join(f"{kind}_temp_path {tmp}/{kind};"
                              for kind in ("client_body", "proxy", "fastcgi", "uwsgi", "scgi"))
        with open(main, "w", encoding="utf-8") as f:
            f.write(f"pid {tmp}/nginx.pid;\nerror_log stderr;\nevents {{}}\n"
                    f"http {{\n{temp_paths}\ninclude {site};\n}}\n")
        # nginx reads inherited listening sockets from $NGINX: keep it out.
        env = {k: v for k, v in os.environ.items() if k != "NGINX"}
        run = subprocess.run([nginx, "-t", "-q", "-p", tmp, "-c", main], capture_output=True, text=True,
                             timeout=60, env=env)
        c.check(run.returncode == 0, f"nginx -t ({nginx}) accepts the example inside an http block",
                run.stderr.strip())


# --- README ---------------------------------------------------------------------------

def check_readme(c, root):
    text = read(os.path.join(root, "README.md"))
    m = re.search(r"^## Running the national server\n(.*?)(?=^## |\Z)", text, flags=re.M | re.S)
    if not c.check(m is not None, "README.md: section \"Running the national server\""):
        return
    section = m.group(1)
    code = " ".join(re.findall(r"`[^`]*`", section) + re.findall(r"```.*?```", section, flags=re.S))
    for command in COMMANDS:
        c.check(re.search(rf"isaf-server\b[^`\n]*\s{re.escape(command)}\b", code) is not None,
                f"README.md: names `isaf-server {command}`")
    for needle, what in [("isaf_owner", "the owner role"), ("isaf_api", "the API role"),
                         ("NOBYPASSRLS", "isaf_api without BYPASSRLS"),
                         ("synchronous_commit", "synchronous_commit"),
                         ("head -c 32 /dev/urandom", "how to make the token secret"),
                         ("journalctl -u", "where the logs go"),
                         ("src/sync/sync-protocol.md", "the link to the protocol (epoch after a restore)"),
                         ("pgBackRest", "point-in-time recovery")]:
        c.check(needle in section, f"README.md: mentions {what} ({needle})")
    missing = [p for p in sorted(set(re.findall(r"data/isaf-server/[\w@.-]+", section)))
               if not os.path.exists(os.path.join(root, p))]
    c.check(not missing, "README.md: every data/isaf-server/ file it names exists", ", ".join(missing))


def main(argv):
    if len(argv) != 2 or not os.path.isdir(argv[1]):
        print(__doc__.strip().splitlines()[2], file=sys.stderr)
        return 2
    root = argv[1]
    data_dir = os.path.join(root, "data", "isaf-server")
    c = Checks()

    config = check_config(c, os.path.join(data_dir, "isaf-server.conf"))
    if config is None:
        print("\nThe example configuration does not parse; the other files are checked against it.")
        return 1

    check_config_source(c, root)

    units = {}
    for name, template in (("isaf-server.service", False), ("isaf-server@.service", True)):
        path = os.path.join(data_dir, name)
        try:
            units[name] = parse_unit(read(path))
        except (OSError, ValueError) as e:
            c.check(False, f"{name}: parses as a unit file", str(e))
            continue
        c.check(True, f"{name}: parses as a unit file")
        check_unit(c, path, units[name], config, template)
    if len(units) == 2:
        check_units_alike(c, units["isaf-server.service"], units["isaf-server@.service"])
    systemd_analyze(c, data_dir)

    nginx_path = os.path.join(data_dir, "nginx-isaf-server.conf")
    check_nginx(c, nginx_path, config)
    nginx_test(c, nginx_path)

    check_readme(c, root)

    if c.failures:
        print(f"\n{len(c.failures)} check(s) failed:")
        for failure in c.failures:
            print(f"  - {failure}")
        return 1
    print("\nAll deployment checks passed.")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv))
