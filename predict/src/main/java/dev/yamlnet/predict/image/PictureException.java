package dev.yamlnet.predict.image;

/**
 * A picture yamlnet cannot read: not a picture, truncated, in a format OpenCV would not read the same way, or
 * larger than the pixel limit. The message names the picture and the problem, for a user.
 */
public class PictureException extends Exception {
    private static final long serialVersionUID = 1L;

    public PictureException(String message) {
        super(message);
    }

    public PictureException(String message, Throwable cause) {
        super(message, cause);
    }
}
