"""What every part of nj-graph shares: errors and exit codes, the prefix map, atomic writes, the guarded worker."""
