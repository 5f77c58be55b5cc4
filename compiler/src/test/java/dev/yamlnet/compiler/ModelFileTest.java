package dev.yamlnet.compiler;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * The one stem rule every part of yamlnet names a model by (the summary's title, the guessed scale,
 * the generated class). The expected stems are Python's {@code pathlib.PurePath(name).stem}, which
 * Ultralytics uses for the model's name and its scale guess.
 */
class ModelFileTest {
    @ParameterizedTest(name = "{0} -> ''{1}''")
    @CsvSource(
            value = {
                "yolov8n.yaml,yolov8n",
                "a.b.yaml,a.b", // only the last extension goes
                ".yaml,.yaml", // a leading dot is part of the name, not an extension
                "---.yaml,---",
                "model.YML,model", // any extension, in any case
                "model,model", // no extension
                "dir/yolov8n-p6.yaml,yolov8n-p6",
                "dir\\sub\\yolo11s.yaml,yolo11s", // Windows separators too
                "../up/x.y.z,x.y"
            })
    void stemIsTheFileNameWithoutDirectoriesAndItsLastExtension(String file, String stem) {
        assertThat(ModelFile.stem(file)).isEqualTo(stem);
    }

    @ParameterizedTest(name = "{0} -> ''{1}''")
    @CsvSource({"models/a.b.yaml,a.b", "yolov8n.yaml,yolov8n", "/abs/dir/.yaml,.yaml"})
    void aPathHasTheStemOfItsName(String file, String stem) {
        assertThat(ModelFile.stem(Path.of(file))).isEqualTo(stem);
    }

    @ParameterizedTest(name = "{0} -> ''{1}''")
    @CsvSource({"dir/yolov8n.yaml,yolov8n.yaml", "dir\\x.yaml,x.yaml", "plain.yaml,plain.yaml", "dir/,''"})
    void fileNameDropsTheDirectories(String path, String name) {
        assertThat(ModelFile.fileName(path)).isEqualTo(name);
    }

    @ParameterizedTest(name = "{0} -> ''{1}''")
    @CsvSource(value = {"yolov8n.v2.yaml,n", "dir.v8/yolov8.yaml,''", "yolov8s,s"})
    void theScaleIsGuessedFromTheStem(String file, String scale) {
        assertThat(ModelFile.guessScale(file)).isEqualTo(scale);
    }

    @ParameterizedTest(name = "{0} at ''{1}'' -> {2}")
    @CsvSource(
            value = {
                "yolov8-bot3.yaml,n,yolov8n-bot3", // the letter goes after the version number
                "yolov8n.yaml,s,yolov8s", // and replaces one already there
                "yoloe-11-seg.yaml,l,yoloe-11l-seg",
                "mynet.yaml,s,mynet-s", // no version number: a last word
                "yolov8n.yaml,n,yolov8n", // the scale the name implies: unchanged
                "yolov8.yaml,'',yolov8"
            }) // no scale: unchanged
    void theScaledStemPutsTheScaleWhereUltralyticsNamesPutIt(String file, String scale, String stem) {
        assertThat(ModelFile.scaledStem(file, scale)).isEqualTo(stem);
    }

    @ParameterizedTest(name = "{0} -> {1}")
    @CsvSource({
        "yolov8n6.yaml,yolov8n-p6.yaml",
        "dir/yolov5x6.yaml,dir/yolov5x-p6.yaml",
        "yolov5nu.yaml,yolov5n.yaml",
        "yolov3u.yaml,yolov3.yaml",
        "yolov5n6u.yaml,yolov5n6.yaml" // only whole P6 names are renamed
    })
    void legacyNamesAreRenamedAsUltralyticsDoes(String file, String renamed) {
        assertThat(ModelFile.legacy(Path.of(file))).contains(Path.of(renamed));
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource({"yolov8n.yaml", "yolov8n-p6.yaml", "yolo11n6.yaml", "yolov8nu.yaml", "yolov5n66.yaml"})
    void otherNamesAreNotLegacyNames(String file) {
        assertThat(ModelFile.legacy(Path.of(file))).isEmpty();
    }

    @org.junit.jupiter.api.Test
    void aLegacyNameFindsTheRenamedFileAndAnExactFileStillWins(@org.junit.jupiter.api.io.TempDir Path dir)
            throws Exception {
        java.nio.file.Files.writeString(dir.resolve("yolov8-p6.yaml"), "nc: 1\n");
        java.nio.file.Files.writeString(dir.resolve("yolov5.yaml"), "nc: 1\n");
        assertThat(ModelFile.locate(dir.resolve("yolov8n6.yaml")).orElseThrow().actual())
                .isEqualTo(dir.resolve("yolov8-p6.yaml"));
        assertThat(ModelFile.locate(dir.resolve("yolov5nu.yaml")).orElseThrow().actual())
                .isEqualTo(dir.resolve("yolov5.yaml"));
        java.nio.file.Files.writeString(dir.resolve("yolov8n6.yaml"), "nc: 1\n");
        assertThat(ModelFile.locate(dir.resolve("yolov8n6.yaml")).orElseThrow().actual())
                .isEqualTo(dir.resolve("yolov8n6.yaml"));
    }
}
