/**
 * Ultralytics' pre-processing, bit for bit: decoding pictures as OpenCV 4.6's {@code cv2.imdecode(..., IMREAD_COLOR)}
 * gives them to Ultralytics ({@link dev.yamlnet.predict.image.Pictures}), {@code LetterBox} with OpenCV's
 * fixed-point {@code cv2.resize(INTER_LINEAR)} ({@link dev.yamlnet.predict.image.LetterBox}), the classify
 * transforms with Pillow's antialiased bilinear resize, and the conversion to the float tensor
 * ({@link dev.yamlnet.predict.image.Preprocess}).
 */
package dev.yamlnet.predict.image;
