"""Summarise the contract test's JUnit reports: failures by check, and each failing operation with its first reason.

    .local/venv/bin/python integration/schemathesis/summary.py [.local/test-results/schemathesis]
"""
import re
import sys
import xml.etree.ElementTree as ET
from collections import Counter
from pathlib import Path

folder = Path(sys.argv[1] if len(sys.argv) > 1 else '.local/test-results/schemathesis')
by_check: Counter[str] = Counter()
rows = []
for report in sorted(folder.glob('*.xml')):
    run = report.stem
    for case in ET.parse(report).getroot().iter('testcase'):
        for failure in case.findall('failure'):
            text = failure.text or ''
            for block in re.split(r'\n(?=\d+\. Test Case ID)', text):
                checks = re.findall(r'- (ST\d+) ([^\n]+)', block)
                status = re.search(r'\[(\d{3})\] ', block)
                detail = re.search(r'"detail":"([^"]{0,140})', block)
                for code, title in checks:
                    by_check[code] += 1
                    rows.append((code, run, case.get('name'), status.group(1) if status else '', (detail.group(1) if detail else title)[:140]))
for code, n in by_check.most_common():
    print(f'{code}: {n}')
print()
for row in sorted(rows):
    print(' | '.join(row))
