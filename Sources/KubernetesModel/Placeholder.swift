// KubernetesModel: placeholder until the module lands.
