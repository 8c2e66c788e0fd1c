"""Independent SHA-256 of cache-key canonical texts, for the golden tests of CacheKeyComponents.

Usage: python cachekey_sha256.py TEXT [TEXT ...]
Prints the hex SHA-256 of each TEXT's UTF-8 bytes, one per line (hashlib, not Isomorph's OpenSSL path).
"""
import hashlib
import sys

for text in sys.argv[1:]:
    print(hashlib.sha256(text.encode("utf-8")).hexdigest())
