#!/bin/sh
export GITHUB_TOKEN=ghp_R8x2Lq9ZtV4mN7bK1sD3fH6jW0pC5yE8uA2g
