<?xml version="1.0" encoding="utf-8"?>
<!DOCTYPE TS>
<TS version="2.1" language="zh_CN">
<context>
    <name>strata::layers</name>
    <message>
        <source>Input</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Samples of the dataset, per-sample shape without the batch</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Shape</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Per-sample shape: [features], [timesteps, features] or [channels, height, width]</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Core</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Fully connected layer over the last axis</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Units</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Output features</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Activation</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Activation applied to the output</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Use bias</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Add a learned bias</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>L1</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>L1 penalty on the weights (adds l1 * sum|w| to the loss)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>L2</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>L2 penalty on the weights (adds l2 * sum w^2 to the loss)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Convolution</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>2-D convolution over [channels, height, width]</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Filters</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Output channels</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Kernel size</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Kernel height and width</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Strides</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Step between windows</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Padding</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>&apos;same&apos; pads with zeros to keep the size at stride 1</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Dilation</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Spacing between kernel taps</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Add a learned bias per filter</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Pooling</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Maximum over windows</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Pool size</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Window height and width</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Step between windows (0: the pool size)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>&apos;same&apos; lets windows reach past the edges</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Average over windows</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Average of each channel over the whole image</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Per-sample values as one vector</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Per-sample values in another shape (one dimension may be -1)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Target per-sample shape; -1 takes what is left</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Regularization</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Zeroes a random fraction of values while training</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Rate</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Fraction of values dropped</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Normalization</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Normalizes each channel over the batch; running statistics for evaluation</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Momentum</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Weight of each batch in the running statistics (PyTorch&apos;s convention)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Epsilon</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Added to the variance</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Normalizes each sample over its last axis</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>An elementwise activation function</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The function</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Alpha</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Slope of leaky_relu below zero</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Probabilities over the last axis (train classifiers on logits with SoftmaxCrossEntropy instead)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Text</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Token ids to learned vectors</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Vocab size</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Number of distinct token ids</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Dim</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Vector size</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Padding index</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Id that reads as zeros and learns nothing (-1: none)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Recurrent</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Long short-term memory over [timesteps, features]</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Size of the hidden state</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Return sequences</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Output every timestep (for stacking) instead of the last state</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Gated recurrent unit over [timesteps, features]</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Fully connected recurrent layer over [timesteps, features]</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Activation of the state</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Merge</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Elementwise sum of its inputs (skip connections)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Inputs</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Number of inputs</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Elementwise product of its inputs</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Joins its inputs along one axis</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Axis</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Per-sample axis to join along (-1: the last; 0: channels of images)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Loss</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Softmax and cross-entropy on logits, for classes</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Labels</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Labels as class indices or one-hot rows</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Sigmoid and binary cross-entropy on logits</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Mean squared error, for regression</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Mean absolute error, for regression</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>no %1</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>strata::ui::AddLinkCommand</name>
    <message>
        <source>Connect %1 to %2</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>strata::ui::AddNodeCommand</name>
    <message>
        <source>Add %1</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>strata::ui::CodePanel</name>
    <message>
        <source># The graph has errors, so there is no PyTorch module yet:
</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source># No PyTorch module: %1
</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>strata::ui::Format</name>
    <message>
        <source>scalar</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>strata::ui::GraphScene</name>
    <message>
        <source>Delete %1</source>
        <translation type="unfinished"></translation>
    </message>
    <message numerus="yes">
        <source>Delete %n item(s)</source>
        <translation type="unfinished">
            <numerusform></numerusform>
        </translation>
    </message>
    <message>
        <source>The clipboard holds no nodes.</source>
        <translation type="unfinished"></translation>
    </message>
    <message numerus="yes">
        <source>Paste %n node(s)</source>
        <translation type="unfinished">
            <numerusform></numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>Duplicate %n node(s)</source>
        <translation type="unfinished">
            <numerusform></numerusform>
        </translation>
    </message>
    <message>
        <source>Add %1</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Both are outputs: link an output to an input.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Both are inputs: link an output to an input.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Lay out selection</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Lay out graph</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Move</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Insert %1 into link</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Move %1</source>
        <translation type="unfinished"></translation>
    </message>
    <message numerus="yes">
        <source>Move %n nodes</source>
        <translation type="unfinished">
            <numerusform></numerusform>
        </translation>
    </message>
</context>
<context>
    <name>strata::ui::InspectorPanel</name>
    <message>
        <source>Project</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Name</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Description</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Select a node to edit its parameters. Drag layers from the palette, or press Space on the canvas to search for one.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Rename project</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Edit project description</source>
        <translation type="unfinished"></translation>
    </message>
    <message numerus="yes">
        <source>%n nodes selected</source>
        <translation type="unfinished">
            <numerusform></numerusform>
        </translation>
    </message>
    <message>
        <source>Select nodes of one type to edit their parameters together.</source>
        <translation type="unfinished"></translation>
    </message>
    <message numerus="yes">
        <source>%n nodes</source>
        <translation type="unfinished">
            <numerusform></numerusform>
        </translation>
    </message>
    <message>
        <source>The node&apos;s name: unique in the graph; the layer&apos;s tensors are named after it</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>A name cannot be empty.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>A node named &apos;%1&apos; already exists.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>e.g. 3, 3</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Enter a number, e.g. 0.5 or 1e-3.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Enter whole numbers separated by commas, e.g. 3, 3.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>&lt;b&gt;Output&lt;/b&gt; %1&lt;br&gt;&lt;b&gt;Parameters&lt;/b&gt; %2&lt;br&gt;&lt;b&gt;FLOPs per sample&lt;/b&gt; %3&lt;br&gt;&lt;b&gt;Activations per sample&lt;/b&gt; %4</source>
        <translation type="unfinished"></translation>
    </message>
    <message numerus="yes">
        <source>&lt;b&gt;Graph&lt;/b&gt;: %n node(s), </source>
        <translation type="unfinished">
            <numerusform></numerusform>
        </translation>
    </message>
    <message>
        <source>%1 parameters, %2 FLOPs per sample</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>strata::ui::Language</name>
    <message>
        <source>System</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>strata::ui::MainWindow</name>
    <message>
        <source>Layers</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Inspector</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>&lt;opened&gt;</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>History</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Code</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Problems</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Model Summary</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Training Output</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Zoom (Ctrl+0 fits the graph, Ctrl+1 is 100 %)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Start</source>
        <translation type="unfinished"></translation>
    </message>
    <message numerus="yes">
        <source>%n error(s)</source>
        <translation type="unfinished">
            <numerusform></numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>%n warning(s)</source>
        <translation type="unfinished">
            <numerusform></numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>%n layer(s)</source>
        <translation type="unfinished">
            <numerusform></numerusform>
        </translation>
    </message>
    <message>
        <source>%1 parameters</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>%1 FLOPs</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>A training is running</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Fix the errors first: %1</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Train the model (F5)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Best device</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Vulkan is unavailable: %1</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>No device</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Device: %1</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>%1, %2, %3 of memory</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>&amp;New Project</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>New &amp;Window</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Ctrl+Shift+N</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>&amp;Open...</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>&amp;Save</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Save &amp;As...</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>&amp;Close Project</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>&amp;Quit</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>&amp;Undo</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>&amp;Redo</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Ctrl+Shift+Z</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Ctrl+Y</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Cu&amp;t</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>&amp;Copy</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>&amp;Paste</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>&amp;Duplicate</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Ctrl+D</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>De&amp;lete</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Select &amp;All</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Re&amp;name Node</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>&amp;Find Layer</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Zoom &amp;In</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Zoom &amp;Out</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>&amp;Fit Graph</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Ctrl+0</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>&amp;Actual Size</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Ctrl+1</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Shapes on &amp;Links</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Ctrl+L</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>&amp;Snap to Grid</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>&amp;Add Layer...</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Ctrl+Shift+A</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>&amp;Lay Out Graph</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Ctrl+Shift+L</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Lay Out &amp;Selection</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>&amp;Run Training</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>&amp;Stop Training</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Shift+F5</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>&amp;About Strata</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>About Strata</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>&lt;h3&gt;Strata %1&lt;/h3&gt;&lt;p&gt;Design neural networks as graphs of layers, train them on any GPU through Vulkan or on the CPU, and compare, evaluate and export what you trained.&lt;/p&gt;</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>&amp;Keyboard Shortcuts</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Quick add on the canvas</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Space or double-click</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Pan</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Middle button or Space+drag</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Move selection</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Arrow keys (Shift: further)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Keyboard Shortcuts</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>&amp;File</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Open &amp;Recent</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>&amp;Examples</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>&amp;Edit</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>&amp;View</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>&amp;Panels</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>&amp;Theme</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>&amp;System</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>&amp;Light</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>&amp;Dark</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>&amp;Language</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Language</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The new language applies the next time Strata starts.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>&amp;Model</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>&amp;Train</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>&amp;Help</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Main</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Device:</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Looking for devices...</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>(none)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>&amp;Clear List</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>(no examples found)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Unsaved Changes</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Save the changes to “%1” before closing it?</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Your changes are lost if you don&apos;t save them.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>New project: drag layers from the palette onto the canvas, or press Space to search for one.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Cannot Open Project</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Opened %1</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Open Project</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Strata projects (*.strata);;All files (*)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>%1 is not a Strata project (*.strata)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Save Project</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Strata projects (*.strata)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Cannot Save Project</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Saved %1</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Untitled</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Recover Unsaved Work</source>
        <translation type="unfinished"></translation>
    </message>
    <message numerus="yes">
        <source>Strata closed without saving %n project(s). Recover the unsaved changes?</source>
        <translation type="unfinished">
            <numerusform></numerusform>
        </translation>
    </message>
    <message>
        <source>&amp;Recover</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>&amp;Discard</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Recovered unsaved changes; save them to keep them.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Cannot Recover</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Save Before Training</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Training reads the saved project. Save it now?</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>
Training ended (exit status %1).</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>
Training crashed.</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>strata::ui::NodeItem</name>
    <message>
        <source>Error:</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Fix:</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Warning:</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>loss</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>%1 params</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Waits for a node above it to be fixed.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>→ ? (waits for the error above)</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>strata::ui::PalettePanel</name>
    <message>
        <source>Search layers</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Drag onto the canvas, or double-click to add below the selected node</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>strata::ui::ProblemsPanel</name>
    <message>
        <source>Node</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Field</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Problem</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Fix</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>No problems: the graph is ready to train.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>(graph)</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>strata::ui::ProjectDocument</name>
    <message>
        <source>Untitled</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>strata::ui::QuickAddPopup</name>
    <message>
        <source>Add a layer: type to search</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>strata::ui::RemoveLinkCommand</name>
    <message>
        <source>Disconnect %1 from %2</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>strata::ui::RemoveNodeCommand</name>
    <message>
        <source>Delete %1</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>strata::ui::RenameNodeCommand</name>
    <message>
        <source>Rename %1 to %2</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>strata::ui::SetParamCommand</name>
    <message>
        <source>Set %1 of %2</source>
        <translation type="unfinished"></translation>
    </message>
    <message numerus="yes">
        <source>Set %1 of %n nodes</source>
        <translation type="unfinished">
            <numerusform></numerusform>
        </translation>
    </message>
</context>
<context>
    <name>strata::ui::StartPage</name>
    <message>
        <source>Design neural networks as graphs, train them on any GPU or the CPU, and compare what you trained.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Start</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>New Project</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Open Project...</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Recent</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Projects you open appear here.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Examples</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The networks of the classic tutorials, ready to train. Click one to open it.</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>strata::ui::SummaryPanel</name>
    <message>
        <source>Name</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Type</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Output</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Parameters</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>FLOPs</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Activations</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Floating-point operations of the forward pass, per sample</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Memory of the values kept for the backward pass, at the project&apos;s batch size</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>loss</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>&lt;b&gt;Total&lt;/b&gt;: %1 parameters (%2), %3 FLOPs per sample</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>A training step at batch %1 needs about &lt;b&gt;%2&lt;/b&gt; (weights, gradients, optimizer state, activations)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>; &lt;span style=&apos;color:%1&apos;&gt;&lt;b&gt;more than %2 has (%3)&lt;/b&gt;: lower the batch size&lt;/span&gt;.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>; %1 has %2.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Totals count only the nodes without errors.</source>
        <translation type="unfinished"></translation>
    </message>
</context>
</TS>
