"""Schemathesis hooks for the OpenAPI contract test (integration/openapi-contract.integration-spec.ts).

The documents name unified social credit codes with `format: credit-code` (GB 32100-2015): JSON Schema can give their
length and characters, not their two check characters. This strategy builds valid codes the way libs/policy's
makeCreditCode does, so a schema-valid request carries a code the services accept.
"""
import schemathesis
from hypothesis import strategies as st

ALPHABET = "0123456789ABCDEFGHJKLMNPQRTUWXY"
CREDIT_WEIGHTS = [1, 3, 9, 27, 19, 26, 16, 17, 20, 29, 25, 13, 8, 24, 10, 30, 28]
ORG_WEIGHTS = [3, 7, 9, 10, 5, 8, 4, 2]


def org_check(body8: str) -> str:
    total = sum((ord(c) - 48 if c <= "9" else ord(c) - 55) * w for c, w in zip(body8, ORG_WEIGHTS))
    check = 11 - total % 11
    return "X" if check == 10 else "0" if check == 11 else str(check)


def credit_check(first17: str) -> str:
    total = sum(ALPHABET.index(c) * w for c, w in zip(first17, CREDIT_WEIGHTS))
    return ALPHABET[(31 - total % 31) % 31]


@st.composite
def credit_codes(draw):
    authority = draw(st.sampled_from("123456789ANY"))
    category = draw(st.sampled_from("1239"))
    region = draw(st.sampled_from(["350200", "350203", "350206", "350211", "350100", "110000"]))
    body = draw(st.text(alphabet=ALPHABET, min_size=8, max_size=8))
    first17 = authority + category + region + body + org_check(body)
    return first17 + credit_check(first17)


schemathesis.openapi.format("credit-code", credit_codes())


# `format: email` as the services check it (validator.js isEmail): a dot-separated local part and a domain whose last
# label is letters. RFC 5322 allows more (quoted local parts, 1.5.7 as a domain) that no mail to a person uses.
LABEL = st.text(alphabet="abcdefghijklmnopqrstuvwxyz0123456789", min_size=1, max_size=12)
LOCAL = st.lists(st.text(alphabet="abcdefghijklmnopqrstuvwxyz0123456789_+-", min_size=1, max_size=10), min_size=1, max_size=3).map(".".join)
TLD = st.sampled_from(["cn", "com", "net", "org", "gov.cn", "edu.cn"])
schemathesis.openapi.format("email", st.builds(lambda local, labels, tld: f"{local}@{'.'.join(labels)}.{tld}", LOCAL, st.lists(LABEL, min_size=1, max_size=2), TLD))
