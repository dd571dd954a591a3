// Placeholder until the simulator lands.
print("kubesim: not yet implemented")
