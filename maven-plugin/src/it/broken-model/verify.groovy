// The build failed (invoker.buildResult = failure); check that it failed the way docs/codegen.md shows.
def log = new File(basedir, 'build.log').text
def yaml = new File(basedir, 'src/main/yamlnet/tiny.yaml').absolutePath
def location = "[ERROR] ${yaml}:5:13: error[E0201]: unknown module 'Convv'"
assert log.contains(location) : "no diagnostic line '${location}' in build.log"
assert log.contains('[ERROR] 5 |   - [-1, 1, Convv, [32, 3, 2]]') : 'no source line under the diagnostic'
assert log.contains('yamlnet: 1 model has errors; nothing was generated') : 'no failure message'
assert !new File(basedir, 'target/generated-sources/yamlnet/com/example/models/TinyModel.java').exists()
return true
