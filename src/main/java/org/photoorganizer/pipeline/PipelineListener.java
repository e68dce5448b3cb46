package org.photoorganizer.pipeline;

/**
 * Receives every {@link PipelineEvent}. Called on the pipeline thread after the file system change
 * is complete; an exception thrown here is logged and never undoes or stops the pipeline.
 */
@FunctionalInterface
public interface PipelineListener {
    void on(PipelineEvent event);
}
