#!/usr/bin/env python3
"""Send one message with Python's smtplib over STARTTLS and XOAUTH2, the access token (and the
mailbox it is for) coming from `mailprefs token --json`, which refreshes it when needed.

    smtplib_xoauth2.py CONFIG SMTP_HOST SMTP_PORT FROM TO
    AGE_IDENTITY_FILE=/etc/myapp/age-key.txt ./smtplib_xoauth2.py /etc/myapp/mail.json.age \
        smtp.office365.com 587 helpdesk@example.com ops@example.com

Standard library only. MAILPREFS overrides the command ("node /opt/mailprefs/mailprefs.mjs").
SMTP_INSECURE=1 skips certificate checks (test servers with self-signed certificates only).
"""
import json
import os
import shlex
import smtplib
import ssl
import subprocess
import sys
from email.message import EmailMessage

config, host, port, sender, to = sys.argv[1:6]
mailprefs = shlex.split(os.environ.get("MAILPREFS", "mailprefs"))
done = subprocess.run([*mailprefs, "token", config, "--json"], capture_output=True, text=True)
result = json.loads(done.stdout)
if not result["ok"]:
    # The exit code says what kind of failure it is (3: authorize again; 4: retry later).
    sys.exit(f"mailprefs: {result['error']['message']} {result['error']['hint']}")
user, token = result["user"], result["accessToken"]

context = ssl.create_default_context()
if os.environ.get("SMTP_INSECURE") == "1":
    context.check_hostname = False
    context.verify_mode = ssl.CERT_NONE


def xoauth2(challenge=None):
    # First call: the initial response. If the server refuses the token it sends a 334 with an
    # error in JSON, and the client must answer with an empty line to get the final 535.
    return "" if challenge else f"user={user}\x01auth=Bearer {token}\x01\x01"


message = EmailMessage()
message["From"], message["To"], message["Subject"] = sender, to, "Sent with a mailprefs token"
message.set_content("smtplib, XOAUTH2, and an access token from mailprefs.")

with smtplib.SMTP(host, int(port), timeout=30) as smtp:
    smtp.starttls(context=context)
    smtp.ehlo()
    smtp.auth("XOAUTH2", xoauth2)
    smtp.send_message(message)
print("sent")
