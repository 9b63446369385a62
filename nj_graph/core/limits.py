"""Default limits on work done for untrusted input, named once for the guarded door and the command line.

The command line declares its options from these without importing the parser's module, which
answering a query does not need.
"""

#: Wall-clock seconds parsing (and validating) an untrusted file may take.
DEFAULT_DEADLINE_SECONDS = 60.0
#: Megabytes of address space the parser (and validator) process may use.
DEFAULT_MEMORY_MB = 2048
