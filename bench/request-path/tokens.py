#!/usr/bin/env python3
"""Mints access tokens the stack has not seen yet: registers USERS users, then rotates each one's refresh token
until COUNT access tokens exist (8 users at a time). Prints "userID accessToken" lines, shuffled.

  tokens.py GATEWAY_URL COUNT [USERS]
"""
import concurrent.futures
import json
import os
import random
import sys
import urllib.request


def post(url, body):
    request = urllib.request.Request(url, data=json.dumps(body).encode(), method='POST',
                                     headers={'Content-Type': 'application/json'})
    with urllib.request.urlopen(request, timeout=30) as response:
        return json.load(response)


def mint(gateway, count):
    answer = post(f'{gateway}/api/v1/users/register', {'deviceToken': os.urandom(32).hex()})
    user, refresh = answer['userID'], answer['refreshToken']
    tokens = [(user, answer['accessToken'])]
    while len(tokens) < count:
        answer = post(f'{gateway}/api/v1/users/token', {'refreshToken': refresh})
        refresh = answer['refreshToken']
        tokens.append((user, answer['accessToken']))
    return tokens


def main():
    gateway, count = sys.argv[1], int(sys.argv[2])
    users = int(sys.argv[3]) if len(sys.argv) > 3 else 40
    each = -(-count // users)
    with concurrent.futures.ThreadPoolExecutor(8) as pool:
        tokens = [token for batch in pool.map(lambda _: mint(gateway, each), range(users)) for token in batch]
    random.shuffle(tokens)
    for user, token in tokens[:count]:
        print(user, token)


if __name__ == '__main__':
    main()
