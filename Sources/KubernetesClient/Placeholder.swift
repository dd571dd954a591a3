// KubernetesClient: placeholder until the module lands.
