package org.photoorganizer.move;

import java.io.IOException;

/**
 * The inbox file changed (size, modification time or identity) between being read and being removed from
 * the inbox: whatever was made of it was undone or kept aside, and it is left in place to be taken again
 * once it stands still.
 */
public final class SourceChangedException extends IOException {
    public SourceChangedException(String message) {
        super(message);
    }
}
