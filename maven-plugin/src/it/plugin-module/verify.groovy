// The plug-in was found (no runtime block for SimAM yet, rather than E0201: unknown module); nothing was generated.
def log = new File(basedir, 'build.log').text
def yaml = new File(basedir, 'src/main/yamlnet/tiny-simam.yaml').absolutePath
def line = "[ERROR] ${yaml}: error: the DJL runtime has no block yet for layer 1 (SimAM); " +
        'such models can be validated and summarised but not generated'
assert log.contains(line) : "no line '${line}' in build.log"
assert !log.contains('E0201') : 'SimAM was not found: the plug-in is not on the plugin class path'
assert log.contains('yamlnet: 1 model has errors; nothing was generated') : 'no failure message'
assert !new File(basedir, 'target/generated-sources/yamlnet/com/example/models/TinySimamModel.java').exists()
return true
