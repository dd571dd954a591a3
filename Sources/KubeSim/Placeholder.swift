// KubeSim: placeholder until the module lands.
