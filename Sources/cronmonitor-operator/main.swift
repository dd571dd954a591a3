// Placeholder until the command tree lands.
print("cronmonitor-operator: not yet implemented")
