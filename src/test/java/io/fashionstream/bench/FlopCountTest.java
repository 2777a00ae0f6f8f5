package io.fashionstream.bench;

import static org.assertj.core.api.Assertions.assertThat;

import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import io.fashionstream.inference.NativeRuntime;
import io.fashionstream.model.Architecture;

class FlopCountTest {

    @ParameterizedTest(name = "{0}: {1} FLOPs per image")
    @CsvSource({
            // 2 x (784*256 + 256*10)
            "mlp, 406528",
            // conv 3x3x1x32 @28x28, conv 3x3x32x64 @14x14, dense 7*7*64 x 128, dense 128 x 10; 2 flops per multiply-add
            "cnn, 8482304",
            // conv 3x3x1x32 @28x28, 3x3x32x64 @14x14, 3x3x64x128 @7x7, dense 4*4*128 x 256, dense 256 x 10
            "cnn-bn, 15955968"})
    void shouldCountTheMultiplyAddsOfConvolutionsAndDenseLayers(String arch, long expected) {
        NativeRuntime.init();
        Architecture a = Architecture.fromId(arch);
        var net = new MultiLayerNetwork(a.configuration(a.defaults()));
        net.init();

        assertThat(FlopCount.perImage(net)).isEqualTo(expected);
    }
}
