<?xml version="1.0" encoding="utf-8"?>
<!DOCTYPE TS>
<TS version="2.1" language="zh_CN">
<context>
    <name>strata::layers</name>
    <message>
        <source>Input</source>
        <translation>输入</translation>
    </message>
    <message>
        <source>Samples of the dataset, per-sample shape without the batch</source>
        <translation>数据集的样本；形状按单个样本给出，不含批维度</translation>
    </message>
    <message>
        <source>Shape</source>
        <translation>形状</translation>
    </message>
    <message>
        <source>Per-sample shape: [features], [timesteps, features] or [channels, height, width]</source>
        <translation>单个样本的形状：[特征数]、[时间步, 特征数] 或 [通道, 高, 宽]</translation>
    </message>
    <message>
        <source>Core</source>
        <translation>核心</translation>
    </message>
    <message>
        <source>Fully connected layer over the last axis</source>
        <translation>作用于最后一个轴的全连接层</translation>
    </message>
    <message>
        <source>Units</source>
        <translation>单元数</translation>
    </message>
    <message>
        <source>Output features</source>
        <translation>输出特征数</translation>
    </message>
    <message>
        <source>Activation</source>
        <translation>激活</translation>
    </message>
    <message>
        <source>Activation applied to the output</source>
        <translation>作用于输出的激活函数</translation>
    </message>
    <message>
        <source>Use bias</source>
        <translation>使用偏置</translation>
    </message>
    <message>
        <source>Add a learned bias</source>
        <translation>加上可学习的偏置</translation>
    </message>
    <message>
        <source>L1</source>
        <translation>L1</translation>
    </message>
    <message>
        <source>L1 penalty on the weights (adds l1 * sum|w| to the loss)</source>
        <translation>权重的 L1 惩罚（在损失中加上 l1 * sum|w|）</translation>
    </message>
    <message>
        <source>L2</source>
        <translation>L2</translation>
    </message>
    <message>
        <source>L2 penalty on the weights (adds l2 * sum w^2 to the loss)</source>
        <translation>权重的 L2 惩罚（在损失中加上 l2 * sum w^2）</translation>
    </message>
    <message>
        <source>Convolution</source>
        <translation>卷积</translation>
    </message>
    <message>
        <source>2-D convolution over [channels, height, width]</source>
        <translation>作用于 [通道, 高, 宽] 的二维卷积</translation>
    </message>
    <message>
        <source>Filters</source>
        <translation>卷积核数量</translation>
    </message>
    <message>
        <source>Output channels</source>
        <translation>输出通道数</translation>
    </message>
    <message>
        <source>Kernel size</source>
        <translation>卷积核大小</translation>
    </message>
    <message>
        <source>Kernel height and width</source>
        <translation>卷积核的高和宽</translation>
    </message>
    <message>
        <source>Strides</source>
        <translation>步幅</translation>
    </message>
    <message>
        <source>Step between windows</source>
        <translation>窗口每次移动的距离</translation>
    </message>
    <message>
        <source>Padding</source>
        <translation>填充</translation>
    </message>
    <message>
        <source>&apos;same&apos; pads with zeros to keep the size at stride 1</source>
        <translation>&apos;same&apos; 补零，使步幅为 1 时尺寸不变</translation>
    </message>
    <message>
        <source>Dilation</source>
        <translation>膨胀率</translation>
    </message>
    <message>
        <source>Spacing between kernel taps</source>
        <translation>卷积核元素之间的间距</translation>
    </message>
    <message>
        <source>Add a learned bias per filter</source>
        <translation>为每个卷积核加上可学习的偏置</translation>
    </message>
    <message>
        <source>Pooling</source>
        <translation>池化</translation>
    </message>
    <message>
        <source>Maximum over windows</source>
        <translation>取每个窗口内的最大值</translation>
    </message>
    <message>
        <source>Pool size</source>
        <translation>池化窗口大小</translation>
    </message>
    <message>
        <source>Window height and width</source>
        <translation>窗口的高和宽</translation>
    </message>
    <message>
        <source>Step between windows (0: the pool size)</source>
        <translation>窗口每次移动的距离（0：等于池化窗口大小）</translation>
    </message>
    <message>
        <source>&apos;same&apos; lets windows reach past the edges</source>
        <translation>&apos;same&apos; 允许窗口越过边缘</translation>
    </message>
    <message>
        <source>Average over windows</source>
        <translation>取每个窗口内的平均值</translation>
    </message>
    <message>
        <source>Average of each channel over the whole image</source>
        <translation>每个通道在整幅图像上的平均值</translation>
    </message>
    <message>
        <source>Per-sample values as one vector</source>
        <translation>将每个样本的值展平为一个向量</translation>
    </message>
    <message>
        <source>Per-sample values in another shape (one dimension may be -1)</source>
        <translation>将每个样本的值变换为另一形状（可有一个维度为 -1）</translation>
    </message>
    <message>
        <source>Target per-sample shape; -1 takes what is left</source>
        <translation>单个样本的目标形状；-1 表示由剩余元素推断</translation>
    </message>
    <message>
        <source>Regularization</source>
        <translation>正则化</translation>
    </message>
    <message>
        <source>Zeroes a random fraction of values while training</source>
        <translation>训练时将随机一部分值置零</translation>
    </message>
    <message>
        <source>Rate</source>
        <translation>丢弃率</translation>
    </message>
    <message>
        <source>Fraction of values dropped</source>
        <translation>被丢弃的值所占的比例</translation>
    </message>
    <message>
        <source>Normalization</source>
        <translation>归一化</translation>
    </message>
    <message>
        <source>Normalizes each channel over the batch; running statistics for evaluation</source>
        <translation>在批内对每个通道归一化；评估时使用滑动统计量</translation>
    </message>
    <message>
        <source>Momentum</source>
        <translation>动量</translation>
    </message>
    <message>
        <source>Weight of each batch in the running statistics (PyTorch&apos;s convention)</source>
        <translation>每个批次在滑动统计量中的权重（PyTorch 的约定）</translation>
    </message>
    <message>
        <source>Epsilon</source>
        <translation>Epsilon</translation>
    </message>
    <message>
        <source>Added to the variance</source>
        <translation>加到方差上的小常数</translation>
    </message>
    <message>
        <source>Normalizes each sample over its last axis</source>
        <translation>对每个样本沿最后一个轴归一化</translation>
    </message>
    <message>
        <source>An elementwise activation function</source>
        <translation>逐元素的激活函数</translation>
    </message>
    <message>
        <source>The function</source>
        <translation>使用的函数</translation>
    </message>
    <message>
        <source>Alpha</source>
        <translation>Alpha</translation>
    </message>
    <message>
        <source>Slope of leaky_relu below zero</source>
        <translation>leaky_relu 在负半轴的斜率</translation>
    </message>
    <message>
        <source>Probabilities over the last axis (train classifiers on logits with SoftmaxCrossEntropy instead)</source>
        <translation>沿最后一个轴输出概率（训练分类器请改用 SoftmaxCrossEntropy 作用于 logits）</translation>
    </message>
    <message>
        <source>Text</source>
        <translation>文本</translation>
    </message>
    <message>
        <source>Token ids to learned vectors</source>
        <translation>将词元 id 映射为可学习的向量</translation>
    </message>
    <message>
        <source>Vocab size</source>
        <translation>词表大小</translation>
    </message>
    <message>
        <source>Number of distinct token ids</source>
        <translation>不同词元 id 的个数</translation>
    </message>
    <message>
        <source>Dim</source>
        <translation>维度</translation>
    </message>
    <message>
        <source>Vector size</source>
        <translation>向量的维度</translation>
    </message>
    <message>
        <source>Padding index</source>
        <translation>填充索引</translation>
    </message>
    <message>
        <source>Id that reads as zeros and learns nothing (-1: none)</source>
        <translation>该 id 映射为全零向量且不参与学习（-1：无）</translation>
    </message>
    <message>
        <source>Recurrent</source>
        <translation>循环</translation>
    </message>
    <message>
        <source>Long short-term memory over [timesteps, features]</source>
        <translation>作用于 [时间步, 特征数] 的长短期记忆网络</translation>
    </message>
    <message>
        <source>Size of the hidden state</source>
        <translation>隐藏状态的大小</translation>
    </message>
    <message>
        <source>Return sequences</source>
        <translation>返回序列</translation>
    </message>
    <message>
        <source>Output every timestep (for stacking) instead of the last state</source>
        <translation>输出每个时间步（用于堆叠），而非仅输出最后的状态</translation>
    </message>
    <message>
        <source>Gated recurrent unit over [timesteps, features]</source>
        <translation>作用于 [时间步, 特征数] 的门控循环单元</translation>
    </message>
    <message>
        <source>Fully connected recurrent layer over [timesteps, features]</source>
        <translation>作用于 [时间步, 特征数] 的全连接循环层</translation>
    </message>
    <message>
        <source>Activation of the state</source>
        <translation>状态的激活函数</translation>
    </message>
    <message>
        <source>Merge</source>
        <translation>合并</translation>
    </message>
    <message>
        <source>Elementwise sum of its inputs (skip connections)</source>
        <translation>各输入逐元素相加（用于跳跃连接）</translation>
    </message>
    <message>
        <source>Inputs</source>
        <translation>输入数</translation>
    </message>
    <message>
        <source>Number of inputs</source>
        <translation>输入的个数</translation>
    </message>
    <message>
        <source>Elementwise product of its inputs</source>
        <translation>各输入逐元素相乘</translation>
    </message>
    <message>
        <source>Joins its inputs along one axis</source>
        <translation>沿一个轴拼接各输入</translation>
    </message>
    <message>
        <source>Axis</source>
        <translation>轴</translation>
    </message>
    <message>
        <source>Per-sample axis to join along (-1: the last; 0: channels of images)</source>
        <translation>沿单个样本的哪个轴拼接（-1：最后一个轴；0：图像的通道）</translation>
    </message>
    <message>
        <source>Loss</source>
        <translation>损失</translation>
    </message>
    <message>
        <source>Softmax and cross-entropy on logits, for classes</source>
        <translation>对 logits 计算 Softmax 和交叉熵，用于分类</translation>
    </message>
    <message>
        <source>Labels</source>
        <translation>标签</translation>
    </message>
    <message>
        <source>Labels as class indices or one-hot rows</source>
        <translation>标签为类别索引或 one-hot 行</translation>
    </message>
    <message>
        <source>Sigmoid and binary cross-entropy on logits</source>
        <translation>对 logits 计算 Sigmoid 和二元交叉熵</translation>
    </message>
    <message>
        <source>Mean squared error, for regression</source>
        <translation>均方误差，用于回归</translation>
    </message>
    <message>
        <source>Mean absolute error, for regression</source>
        <translation>平均绝对误差，用于回归</translation>
    </message>
    <message>
        <source>no %1</source>
        <translation>不%1</translation>
    </message>
    <message>
        <source>Average of each feature over time (padded steps skipped)</source>
        <translation>每个特征在时间上的平均值（跳过填充步）</translation>
    </message>
    <message>
        <source>Maximum of each feature over time (padded steps skipped)</source>
        <translation>每个特征在时间上的最大值（跳过填充步）</translation>
    </message>
    <message>
        <source>Mask zero</source>
        <translation>屏蔽 0</translation>
    </message>
    <message>
        <source>Attention</source>
        <translation>注意力</translation>
    </message>
    <message>
        <source>Scaled dot-product attention over several heads (self- or cross-attention)</source>
        <translation>多头缩放点积注意力（自注意力或交叉注意力）</translation>
    </message>
    <message>
        <source>Heads</source>
        <translation>头数</translation>
    </message>
    <message>
        <source>Number of attention heads</source>
        <translation>注意力头的数量</translation>
    </message>
    <message>
        <source>Key dim</source>
        <translation>键维度</translation>
    </message>
    <message>
        <source>Size of each head&apos;s queries and keys</source>
        <translation>每个头的查询和键的维度</translation>
    </message>
    <message>
        <source>Value dim</source>
        <translation>值维度</translation>
    </message>
    <message>
        <source>Size of each head&apos;s values (0: key_dim)</source>
        <translation>每个头的值的维度（0：同键维度）</translation>
    </message>
    <message>
        <source>1: self-attention over its input; 2: the first input&apos;s steps query the second&apos;s</source>
        <translation>1：对输入做自注意力；2：第一个输入的各步查询第二个输入</translation>
    </message>
    <message>
        <source>Dropout</source>
        <translation>丢弃率</translation>
    </message>
    <message>
        <source>Dropout rate on the attention weights</source>
        <translation>注意力权重上的丢弃率</translation>
    </message>
    <message>
        <source>Add learned biases to the projections</source>
        <translation>为各投影添加可学习的偏置</translation>
    </message>
    <message>
        <source>Causal</source>
        <translation>因果</translation>
    </message>
    <message>
        <source>Each step attends only to itself and earlier steps (decoders)</source>
        <translation>每一步只关注自身及之前的步（解码器）</translation>
    </message>
    <message>
        <source>Adds each step&apos;s position vector to [timesteps, features]</source>
        <translation>为 [时间步, 特征] 的每一步加上位置向量</translation>
    </message>
    <message>
        <source>Mode</source>
        <translation>模式</translation>
    </message>
    <message>
        <source>learned: a trained vector per position; sinusoidal: the fixed sines and cosines of the Transformer paper</source>
        <translation>learned：每个位置一个可训练向量；sinusoidal：Transformer 论文中固定的正弦和余弦</translation>
    </message>
    <message>
        <source>Id 0 is padding: layers that keep the time axis carry a mask, and pooling over time and attention skip the padded steps</source>
        <translation>编号 0 为填充：保留时间轴的层会携带掩码，时间池化和注意力会跳过填充步</translation>
    </message>
    <message>
        <source>Self-attention and a feed-forward network, each with a residual Add and LayerNormalization</source>
        <translation>自注意力和前馈网络，各带残差相加与层归一化</translation>
    </message>
    <message>
        <source>Size of each head&apos;s queries and keys (0: features / heads)</source>
        <translation>每个头的查询和键的维度（0：特征数 / 头数）</translation>
    </message>
    <message>
        <source>Units of the feed-forward network&apos;s hidden layer</source>
        <translation>前馈网络隐藏层的单元数</translation>
    </message>
    <message>
        <source>Activation of the feed-forward hidden layer</source>
        <translation>前馈隐藏层的激活函数</translation>
    </message>
    <message>
        <source>Dropout after the attention and in the feed-forward network</source>
        <translation>注意力之后和前馈网络中的丢弃率</translation>
    </message>
    <message>
        <source>Attention dropout</source>
        <translation>注意力丢弃率</translation>
    </message>
    <message>
        <source>Norm</source>
        <translation>归一化位置</translation>
    </message>
    <message>
        <source>post: normalize after each residual sum (the original Transformer); pre: before each part</source>
        <translation>post：在每次残差相加之后归一化（原始 Transformer）；pre：在每个部分之前归一化</translation>
    </message>
    <message>
        <source>Intermediate dim</source>
        <translation>中间维度</translation>
    </message>
</context>
<context>
    <name>strata::ui::ActivationView</name>
    <message>
        <source>&lt;b&gt;%1&lt;/b&gt; &amp;nbsp;%2 &amp;nbsp;&lt;span style=&apos;color:gray&apos;&gt;%3, values %4 to %5&lt;/span&gt;</source>
        <translation>&lt;b&gt;%1&lt;/b&gt; &amp;nbsp;%2 &amp;nbsp;&lt;span style=&apos;color:gray&apos;&gt;%3，取值 %4 到 %5&lt;/span&gt;</translation>
    </message>
    <message>
        <source>Each channel on its own scale, black lowest</source>
        <translation>每个通道单独缩放，黑色为最小值</translation>
    </message>
    <message>
        <source>Pick a sample to see what each layer makes of it.</source>
        <translation>选择一个样本，查看每一层对它的输出。</translation>
    </message>
</context>
<context>
    <name>strata::ui::AddLinkCommand</name>
    <message>
        <source>Connect %1 to %2</source>
        <translation>将 %1 连接到 %2</translation>
    </message>
</context>
<context>
    <name>strata::ui::AddNodeCommand</name>
    <message>
        <source>Add %1</source>
        <translation>添加 %1</translation>
    </message>
</context>
<context>
    <name>strata::ui::CodePanel</name>
    <message>
        <source># The graph has errors, so there is no PyTorch module yet:
</source>
        <translation># 图中有错误，因此尚未生成 PyTorch 模块：
</translation>
    </message>
    <message>
        <source># No PyTorch module: %1
</source>
        <translation># 无法生成 PyTorch 模块：%1
</translation>
    </message>
</context>
<context>
    <name>strata::ui::CompareConfusion</name>
    <message>
        <source>Split</source>
        <translation>数据划分</translation>
    </message>
    <message>
        <source>Validation set</source>
        <translation>验证集</translation>
    </message>
    <message>
        <source>Training set</source>
        <translation>训练集</translation>
    </message>
    <message>
        <source>Difference (second − first): blue more, red fewer</source>
        <translation>差异（第二个 − 第一个）：蓝色表示增多，红色表示减少</translation>
    </message>
    <message>
        <source>Select two runs to compare their confusion matrices.</source>
        <translation>选择两个运行以比较它们的混淆矩阵。</translation>
    </message>
    <message>
        <source>Both runs need a confusion matrix of this split (classification runs record one each epoch).</source>
        <translation>两个运行都需要此数据划分的混淆矩阵（分类运行每轮都会记录）。</translation>
    </message>
    <message>
        <source>The runs have different classes: no difference to show.</source>
        <translation>两个运行的类别不同：无法显示差异。</translation>
    </message>
</context>
<context>
    <name>strata::ui::CompareCurves</name>
    <message>
        <source>Metric</source>
        <translation>指标</translation>
    </message>
    <message>
        <source>X axis</source>
        <translation>横轴</translation>
    </message>
    <message>
        <source>Steps</source>
        <translation>步数</translation>
    </message>
    <message>
        <source>Epochs</source>
        <translation>轮次</translation>
    </message>
    <message>
        <source>Wall time (min)</source>
        <translation>实际用时（分钟）</translation>
    </message>
    <message>
        <source>Smoothing</source>
        <translation>平滑</translation>
    </message>
    <message>
        <source>Select two or more runs in the table to overlay their curves.</source>
        <translation>在表中选择两个或更多运行，叠加显示它们的曲线。</translation>
    </message>
</context>
<context>
    <name>strata::ui::CompareGraphs</name>
    <message>
        <source>default</source>
        <translation>默认</translation>
    </message>
    <message>
        <source>Show on the Canvas</source>
        <translation>在画布上显示</translation>
    </message>
    <message>
        <source>Open the second run&apos;s graph in the editor with what differs outlined</source>
        <translation>在编辑器中打开第二个运行的图，并勾勒出差异之处</translation>
    </message>
    <message>
        <source>Difference</source>
        <translation>差异</translation>
    </message>
    <message>
        <source>Detail</source>
        <translation>详情</translation>
    </message>
    <message>
        <source>Select two runs to compare their graphs.</source>
        <translation>选择两个运行以比较它们的图。</translation>
    </message>
    <message>
        <source>Runs %1 and %2 trained the same graph.</source>
        <translation>运行 %1 和 %2 训练的是同一个图。</translation>
    </message>
    <message>
        <source>From run %1 to run %2:</source>
        <translation>从运行 %1 到运行 %2：</translation>
    </message>
    <message>
        <source>Nodes added (%1)</source>
        <translation>新增的节点（%1）</translation>
    </message>
    <message>
        <source>Nodes removed (%1)</source>
        <translation>删除的节点（%1）</translation>
    </message>
    <message>
        <source>Parameters changed (%1)</source>
        <translation>修改的参数（%1）</translation>
    </message>
    <message>
        <source>Links added (%1)</source>
        <translation>新增的连接（%1）</translation>
    </message>
    <message>
        <source>Links removed (%1)</source>
        <translation>删除的连接（%1）</translation>
    </message>
</context>
<context>
    <name>strata::ui::CompareMetrics</name>
    <message>
        <source>best %1 @%2 · last %3</source>
        <translation>最佳 %1 @%2 · 最后 %3</translation>
    </message>
</context>
<context>
    <name>strata::ui::CompareParams</name>
    <message>
        <source>Differences only</source>
        <translation>只显示差异</translation>
    </message>
    <message>
        <source>device</source>
        <translation>设备</translation>
    </message>
    <message>
        <source>dataset</source>
        <translation>数据集</translation>
    </message>
    <message>
        <source>parameters</source>
        <translation>参数量</translation>
    </message>
    <message>
        <source>forked from</source>
        <translation>分叉自</translation>
    </message>
</context>
<context>
    <name>strata::ui::ConfusionMatrixView</name>
    <message>
        <source>true %1, predicted %2: %3%4 samples</source>
        <translation>真实 %1，预测 %2：%3%4 个样本</translation>
    </message>
    <message>
        <source>true %1, predicted %2: %3 samples (%4 % of %1)</source>
        <translation>真实 %1，预测 %2：%3 个样本（占 %1 的 %4%）</translation>
    </message>
    <message>
        <source>No matrix for this choice.</source>
        <translation>当前选择没有对应的矩阵。</translation>
    </message>
</context>
<context>
    <name>strata::ui::DatasetPanel</name>
    <message>
        <source>Fashion-MNIST (Debian package)</source>
        <translation>Fashion-MNIST（Debian 软件包）</translation>
    </message>
    <message>
        <source>IDX files (MNIST format)</source>
        <translation>IDX 文件（MNIST 格式）</translation>
    </message>
    <message>
        <source>CIFAR-10 binary files</source>
        <translation>CIFAR-10 二进制文件</translation>
    </message>
    <message>
        <source>CSV table</source>
        <translation>CSV 表格</translation>
    </message>
    <message>
        <source>Image folders (one per class)</source>
        <translation>图像文件夹（每个类别一个）</translation>
    </message>
    <message>
        <source>Text CSV (reviews, sentences)</source>
        <translation>文本 CSV（评论、句子）</translation>
    </message>
    <message>
        <source>Dataset</source>
        <translation>数据集</translation>
    </message>
    <message>
        <source>Dataset: %1</source>
        <translation>数据集：%1</translation>
    </message>
    <message>
        <source>First samples</source>
        <translation>前几个样本</translation>
    </message>
    <message>
        <source>Classes</source>
        <translation>类别</translation>
    </message>
    <message>
        <source>Class</source>
        <translation>类别</translation>
    </message>
    <message>
        <source>Training</source>
        <translation>训练集</translation>
    </message>
    <message>
        <source>Test</source>
        <translation>测试集</translation>
    </message>
    <message>
        <source>Augmented versions of the first sample</source>
        <translation>第一个样本的数据增强结果</translation>
    </message>
    <message>
        <source>Reading the dataset...</source>
        <translation>正在读取数据集...</translation>
    </message>
    <message>
        <source>Source</source>
        <translation>数据来源</translation>
    </message>
    <message>
        <source>Folder</source>
        <translation>文件夹</translation>
    </message>
    <message>
        <source>Where the gzipped IDX files are (default: Debian&apos;s dataset-fashion-mnist)</source>
        <translation>gzip 压缩的 IDX 文件所在位置（默认：Debian 的 dataset-fashion-mnist）</translation>
    </message>
    <message>
        <source>IDX files (*idx*-ubyte *idx*-ubyte.gz *.gz);;All files (*)</source>
        <translation>IDX 文件 (*idx*-ubyte *idx*-ubyte.gz *.gz);;所有文件 (*)</translation>
    </message>
    <message>
        <source>Training images</source>
        <translation>训练图像</translation>
    </message>
    <message>
        <source>IDX file of images</source>
        <translation>图像的 IDX 文件</translation>
    </message>
    <message>
        <source>Training labels</source>
        <translation>训练标签</translation>
    </message>
    <message>
        <source>IDX file of labels</source>
        <translation>标签的 IDX 文件</translation>
    </message>
    <message>
        <source>Test images</source>
        <translation>测试图像</translation>
    </message>
    <message>
        <source>Optional: without them, use a test split</source>
        <translation>可选：若不提供，则使用测试集划分</translation>
    </message>
    <message>
        <source>Test labels</source>
        <translation>测试标签</translation>
    </message>
    <message>
        <source>Needed with test images</source>
        <translation>提供测试图像时必需</translation>
    </message>
    <message>
        <source>How many classes the labels use</source>
        <translation>标签所用的类别个数</translation>
    </message>
    <message>
        <source>Where data_batch_1.bin ... and test_batch.bin are</source>
        <translation>data_batch_1.bin ... 和 test_batch.bin 所在位置</translation>
    </message>
    <message>
        <source>the project&apos;s folder</source>
        <translation>项目所在文件夹</translation>
    </message>
    <message>
        <source>CSV files (*.csv *.txt);;All files (*)</source>
        <translation>CSV 文件 (*.csv *.txt);;所有文件 (*)</translation>
    </message>
    <message>
        <source>Training table</source>
        <translation>训练表格</translation>
    </message>
    <message>
        <source>A CSV file with a header row</source>
        <translation>带表头行的 CSV 文件</translation>
    </message>
    <message>
        <source>Test table</source>
        <translation>测试表格</translation>
    </message>
    <message>
        <source>Optional: without it, use a test split</source>
        <translation>可选：若不提供，则使用测试集划分</translation>
    </message>
    <message>
        <source>Label column</source>
        <translation>标签列</translation>
    </message>
    <message>
        <source>The column to predict</source>
        <translation>要预测的列</translation>
    </message>
    <message>
        <source>e.g. target</source>
        <translation>例如 target</translation>
    </message>
    <message>
        <source>Task</source>
        <translation>任务</translation>
    </message>
    <message>
        <source>Classes to predict, or values</source>
        <translation>预测类别还是数值</translation>
    </message>
    <message>
        <source>Format</source>
        <translation>格式</translation>
    </message>
    <message>
        <source>sklearn: scikit-learn&apos;s bundled tables (a first line with counts)</source>
        <translation>sklearn：scikit-learn 自带的数据表（首行为计数）</translation>
    </message>
    <message>
        <source>Standardize</source>
        <translation>标准化</translation>
    </message>
    <message>
        <source>Scale each feature to mean 0 and standard deviation 1 (from the training rows)</source>
        <translation>将每个特征缩放为均值 0、标准差 1（根据训练数据行计算）</translation>
    </message>
    <message>
        <source>Training folder</source>
        <translation>训练文件夹</translation>
    </message>
    <message>
        <source>One sub-folder of images per class</source>
        <translation>每个类别一个图像子文件夹</translation>
    </message>
    <message>
        <source>Test folder</source>
        <translation>测试文件夹</translation>
    </message>
    <message>
        <source>Optional: the same layout; without it, use a test split</source>
        <translation>可选：目录结构相同；若不提供，则使用测试集划分</translation>
    </message>
    <message>
        <source>Channels</source>
        <translation>通道数</translation>
    </message>
    <message>
        <source>1 (grey) or 3 (colour)</source>
        <translation>1（灰度）或 3（彩色）</translation>
    </message>
    <message>
        <source>Size</source>
        <translation>尺寸</translation>
    </message>
    <message>
        <source>Height and width the images are resized to; empty: the images&apos; own size</source>
        <translation>图像缩放后的高和宽；留空：使用图像原始尺寸</translation>
    </message>
    <message>
        <source>the images&apos; own size</source>
        <translation>图像原始尺寸</translation>
    </message>
    <message>
        <source>A CSV file with a text column and a label column</source>
        <translation>包含一个文本列和一个标签列的 CSV 文件</translation>
    </message>
    <message>
        <source>Text column</source>
        <translation>文本列</translation>
    </message>
    <message>
        <source>The column holding the text</source>
        <translation>存放文本的列</translation>
    </message>
    <message>
        <source>The column holding the class</source>
        <translation>存放类别的列</translation>
    </message>
    <message>
        <source>Tokens</source>
        <translation>词元</translation>
    </message>
    <message>
        <source>Split the text into words or characters</source>
        <translation>将文本按单词或字符切分为词元</translation>
    </message>
    <message>
        <source>Vocabulary</source>
        <translation>词表大小</translation>
    </message>
    <message>
        <source>The most frequent tokens kept; the rest read as unknown</source>
        <translation>保留的最高频词元数；其余词元视为未知</translation>
    </message>
    <message>
        <source>Length</source>
        <translation>长度</translation>
    </message>
    <message>
        <source>Tokens per sample (longer texts are cut, shorter padded)</source>
        <translation>每个样本的词元数（过长的文本截断，过短的填充）</translation>
    </message>
    <message>
        <source>Class names</source>
        <translation>类别名称</translation>
    </message>
    <message>
        <source>Names of the classes in label order, separated by commas</source>
        <translation>按标签顺序排列的类别名称，以英文逗号分隔</translation>
    </message>
    <message>
        <source>T-shirt/top, Trouser, ...</source>
        <translation>T恤/上衣, 裤子, ...</translation>
    </message>
    <message>
        <source>0, 1, 2, ...</source>
        <translation>0, 1, 2, ...</translation>
    </message>
    <message>
        <source>Split and normalisation</source>
        <translation>划分与归一化</translation>
    </message>
    <message>
        <source>Test split</source>
        <translation>测试集划分</translation>
    </message>
    <message>
        <source>Fraction of the training data held out as the test set when there is no test file</source>
        <translation>没有测试文件时，从训练数据中留出作为测试集的比例</translation>
    </message>
    <message>
        <source>Mean</source>
        <translation>均值</translation>
    </message>
    <message>
        <source>Subtracted from each channel (images) or feature, one value each</source>
        <translation>从每个通道（图像）或特征中减去的值，每个通道或特征一个</translation>
    </message>
    <message>
        <source>none</source>
        <translation>无</translation>
    </message>
    <message>
        <source>Standard deviation</source>
        <translation>标准差</translation>
    </message>
    <message>
        <source>Each channel or feature is divided by it</source>
        <translation>每个通道或特征都除以该值</translation>
    </message>
    <message>
        <source>Augmentation (training only)</source>
        <translation>数据增强（仅用于训练）</translation>
    </message>
    <message>
        <source>Flip</source>
        <translation>翻转</translation>
    </message>
    <message>
        <source>Mirror left-right, half of the time</source>
        <translation>以一半的概率左右镜像</translation>
    </message>
    <message>
        <source>Shift</source>
        <translation>平移</translation>
    </message>
    <message>
        <source>Up to this fraction of the size, each way</source>
        <translation>每个方向最多平移尺寸的这一比例</translation>
    </message>
    <message>
        <source>Rotation</source>
        <translation>旋转</translation>
    </message>
    <message>
        <source>Up to this many degrees either way</source>
        <translation>向任一方向最多旋转的度数</translation>
    </message>
    <message>
        <source>Zoom</source>
        <translation>缩放</translation>
    </message>
    <message>
        <source>Scale between 1 - zoom and 1 + zoom</source>
        <translation>缩放比例介于 1 - zoom 与 1 + zoom 之间</translation>
    </message>
    <message>
        <source>Pad and crop</source>
        <translation>填充并裁剪</translation>
    </message>
    <message>
        <source>Pad by this many pixels, crop back at a random place</source>
        <translation>四周填充该数量的像素，再在随机位置裁剪回原尺寸</translation>
    </message>
    <message>
        <source>Dataset: set %1</source>
        <translation>数据集：设置 %1</translation>
    </message>
    <message>
        <source>%1 training samples, %2 test samples, each %3</source>
        <translation>%1 个训练样本，%2 个测试样本，每个样本 %3</translation>
    </message>
    <message numerus="yes">
        <source>%n classes</source>
        <translation>
            <numerusform>%n 个类别</numerusform>
        </translation>
    </message>
    <message>
        <source>%1 values to predict</source>
        <translation>需预测 %1 个值</translation>
    </message>
    <message>
        <source>Sample %1: %2</source>
        <translation>样本 %1：%2</translation>
    </message>
    <message>
        <source>No augmentation: training sees the samples as they are.</source>
        <translation>未启用数据增强：训练时使用原始样本。</translation>
    </message>
</context>
<context>
    <name>strata::ui::DatasetWatcher</name>
    <message>
        <source>The project has no dataset yet: choose one in the Dataset panel.</source>
        <translation>项目尚未设置数据集：请在“数据集”面板中选择一个。</translation>
    </message>
</context>
<context>
    <name>strata::ui::DevicePanel</name>
    <message>
        <source>Device</source>
        <translation>设备</translation>
    </message>
    <message>
        <source>Type</source>
        <translation>类型</translation>
    </message>
    <message>
        <source>Backend</source>
        <translation>后端</translation>
    </message>
    <message>
        <source>Driver</source>
        <translation>驱动</translation>
    </message>
    <message>
        <source>Memory</source>
        <translation>内存</translation>
    </message>
    <message>
        <source>This model</source>
        <translation>本模型</translation>
    </message>
    <message>
        <source>Status</source>
        <translation>状态</translation>
    </message>
    <message>
        <source>Memory a training step needs at the project&apos;s batch size</source>
        <translation>按项目的批大小，一个训练步所需的内存</translation>
    </message>
    <message>
        <source>training now</source>
        <translation>正在训练</translation>
    </message>
    <message>
        <source>chosen (best)</source>
        <translation>已选择（最佳）</translation>
    </message>
    <message>
        <source>chosen</source>
        <translation>已选择</translation>
    </message>
    <message>
        <source> (does not fit)</source>
        <translation>（内存不足）</translation>
    </message>
    <message>
        <source>The CPU backend uses the machine&apos;s memory, a Vulkan device its own. A training step that does not fit fails when the model is compiled: lower the batch size.</source>
        <translation>CPU 后端使用本机内存，Vulkan 设备使用其自身的内存。内存容纳不下一个训练步时，编译模型会失败：请减小批大小。</translation>
    </message>
    <message>
        <source>Vulkan is unavailable: %1</source>
        <translation>Vulkan 不可用：%1</translation>
    </message>
</context>
<context>
    <name>strata::ui::EvaluationView</name>
    <message>
        <source>Training set</source>
        <translation>训练集</translation>
    </message>
    <message>
        <source>Validation set</source>
        <translation>验证集</translation>
    </message>
    <message>
        <source>Test set</source>
        <translation>测试集</translation>
    </message>
    <message>
        <source>Run</source>
        <translation>运行</translation>
    </message>
    <message>
        <source>Epoch</source>
        <translation>轮次</translation>
    </message>
    <message>
        <source>Normalise by row</source>
        <translation>按行归一化</translation>
    </message>
    <message>
        <source>Difference from epoch</source>
        <translation>与轮次对比差异</translation>
    </message>
    <message>
        <source>Ctrl+wheel zooms</source>
        <translation>Ctrl+滚轮缩放</translation>
    </message>
    <message>
        <source>Click a cell to see its samples.</source>
        <translation>单击单元格查看其中的样本。</translation>
    </message>
    <message>
        <source>Confusion matrix</source>
        <translation>混淆矩阵</translation>
    </message>
    <message>
        <source>Class</source>
        <translation>类别</translation>
    </message>
    <message>
        <source>Precision</source>
        <translation>精确率</translation>
    </message>
    <message>
        <source>Recall</source>
        <translation>召回率</translation>
    </message>
    <message>
        <source>F1</source>
        <translation>F1</translation>
    </message>
    <message>
        <source>Support</source>
        <translation>样本数</translation>
    </message>
    <message>
        <source>Per class</source>
        <translation>各类别</translation>
    </message>
    <message>
        <source>Wrong only</source>
        <translation>仅预测错误</translation>
    </message>
    <message>
        <source>True class</source>
        <translation>真实类别</translation>
    </message>
    <message>
        <source>Click a header to sort; double-click a row for its activations.</source>
        <translation>单击表头排序；双击一行查看其激活值。</translation>
    </message>
    <message>
        <source>Sample</source>
        <translation>样本</translation>
    </message>
    <message>
        <source>Predictions</source>
        <translation>预测结果</translation>
    </message>
    <message>
        <source>Initial weights (before training)</source>
        <translation>初始权重（训练前）</translation>
    </message>
    <message>
        <source>Activations</source>
        <translation>激活值</translation>
    </message>
    <message>
        <source>No run to look at yet: train one (Run, F5), or pick one above.</source>
        <translation>还没有可查看的运行：请先训练一次（运行，F5），或在上方选择一个运行。</translation>
    </message>
    <message>
        <source>Reading run %1: its data and model...</source>
        <translation>正在读取运行 %1 的数据和模型...</translation>
    </message>
    <message>
        <source>initial weights</source>
        <translation>初始权重</translation>
    </message>
    <message>
        <source>after epoch %1 of %2</source>
        <translation>第 %1/%2 轮后</translation>
    </message>
    <message>
        <source>Computing the predictions of epoch %1 on the %2...</source>
        <translation>正在计算第 %1 轮在 %2 上的预测...</translation>
    </message>
    <message>
        <source>Run %1, %2, %3: accuracy %4 on %5 samples</source>
        <translation>运行 %1，%2，%3：准确率 %4（%5 个样本）</translation>
    </message>
    <message>
        <source>Run %1, %2, %3: MSE %4 on %5 samples</source>
        <translation>运行 %1，%2，%3：MSE %4（%5 个样本）</translation>
    </message>
    <message>
        <source>All</source>
        <translation>全部</translation>
    </message>
    <message>
        <source>%1 (%2 %)</source>
        <translation>%1（%2%）</translation>
    </message>
    <message numerus="yes">
        <source>%n sample(s) of %1 predicted correctly, most confident first:</source>
        <translation>
            <numerusform>%n 个 %1 样本预测正确，按置信度从高到低排列：</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>%n sample(s) of %1 predicted as %2, most confident first:</source>
        <translation>
            <numerusform>%n 个 %1 样本被预测为 %2，按置信度从高到低排列：</numerusform>
        </translation>
    </message>
    <message>
        <source>false positive rate</source>
        <translation>假正例率</translation>
    </message>
    <message>
        <source>true positive rate</source>
        <translation>真正例率</translation>
    </message>
    <message>
        <source>ROC curve, AUC %1</source>
        <translation>ROC 曲线，AUC %1</translation>
    </message>
    <message>
        <source>true value</source>
        <translation>真实值</translation>
    </message>
    <message>
        <source>predicted value</source>
        <translation>预测值</translation>
    </message>
    <message>
        <source>Predicted against true (residual = distance from the line)</source>
        <translation>预测值与真实值对比（残差 = 到直线的距离）</translation>
    </message>
    <message>
        <source>The ROC curve is for two classes; the table has every class.</source>
        <translation>ROC 曲线仅适用于二分类；表格列出了所有类别。</translation>
    </message>
    <message>
        <source>as forked, after epoch %1</source>
        <translation>分叉时（第 %1 轮之后）</translation>
    </message>
    <message>
        <source>Output 1 of %1, predicted against true (residual = distance from the line)</source>
        <translation>第 1 个输出（共 %1 个），预测值对真实值（残差 = 到直线的距离）</translation>
    </message>
</context>
<context>
    <name>strata::ui::ExportDialog</name>
    <message>
        <source>Export run %1</source>
        <translation>导出运行 %1</translation>
    </message>
    <message>
        <source>ONNX model (.onnx): onnxruntime, other frameworks</source>
        <translation>ONNX 模型（.onnx）：onnxruntime 及其他框架</translation>
    </message>
    <message>
        <source>PyTorch module (model.py + weights.npz)</source>
        <translation>PyTorch 模块（model.py + weights.npz）</translation>
    </message>
    <message>
        <source>safetensors weights (.safetensors)</source>
        <translation>safetensors 权重（.safetensors）</translation>
    </message>
    <message>
        <source>NumPy weights (.npz)</source>
        <translation>NumPy 权重（.npz）</translation>
    </message>
    <message>
        <source>Browse…</source>
        <translation>浏览…</translation>
    </message>
    <message>
        <source>Replace the export&apos;s files if they exist (nothing else is touched)</source>
        <translation>若导出文件已存在则替换（不触碰其他任何文件）</translation>
    </message>
    <message>
        <source>The model takes preprocessed input (no normalisation nodes at its input)</source>
        <translation>模型接收已预处理的输入（输入端不含归一化节点）</translation>
    </message>
    <message>
        <source>Run</source>
        <translation>运行</translation>
    </message>
    <message>
        <source>Format</source>
        <translation>格式</translation>
    </message>
    <message>
        <source>Destination</source>
        <translation>目标位置</translation>
    </message>
    <message>
        <source>Written</source>
        <translation>已写入</translation>
    </message>
    <message>
        <source>Size</source>
        <translation>大小</translation>
    </message>
    <message>
        <source>Export</source>
        <translation>导出</translation>
    </message>
    <message>
        <source>Open Folder</source>
        <translation>打开文件夹</translation>
    </message>
    <message>
        <source>Folder for model.py and weights.npz</source>
        <translation>存放 model.py 和 weights.npz 的文件夹</translation>
    </message>
    <message>
        <source>Export as</source>
        <translation>导出为</translation>
    </message>
    <message>
        <source>&lt;b&gt;%1 cannot hold this run&apos;s model:&lt;/b&gt;&lt;br&gt;%2</source>
        <translation>&lt;b&gt;%1 无法容纳此运行的模型：&lt;/b&gt;&lt;br&gt;%2</translation>
    </message>
    <message>
        <source>The pre-check found nothing in the way: every layer of the run&apos;s model can be exported as %1.</source>
        <translation>预检查未发现问题：此运行模型的每一层都可以导出为 %1。</translation>
    </message>
    <message>
        <source>Exporting…</source>
        <translation>正在导出…</translation>
    </message>
    <message numerus="yes">
        <source>Exported %n tensor(s) of the run:</source>
        <translation>
            <numerusform>已导出此运行的 %n 个张量：</numerusform>
        </translation>
    </message>
</context>
<context>
    <name>strata::ui::ForkDialog</name>
    <message>
        <source>Fork run %1</source>
        <translation>分叉运行 %1</translation>
    </message>
    <message>
        <source>before training (epoch 0)</source>
        <translation>训练前（第 0 轮）</translation>
    </message>
    <message>
        <source>after epoch %1</source>
        <translation>第 %1 轮之后</translation>
    </message>
    <message>
        <source>Start from</source>
        <translation>起点</translation>
    </message>
    <message>
        <source>Setting</source>
        <translation>设置</translation>
    </message>
    <message>
        <source>Value</source>
        <translation>值</translation>
    </message>
    <message>
        <source>Fork and run</source>
        <translation>分叉并运行</translation>
    </message>
    <message>
        <source>This run kept no epoch checkpoints: there is nothing to fork from.</source>
        <translation>此运行没有保存各轮检查点：无法从中分叉。</translation>
    </message>
    <message>
        <source>Training settings of the fork (edit a value to change it):</source>
        <translation>分叉的训练设置（编辑数值即可修改）：</translation>
    </message>
    <message>
        <source>The fork changes nothing: it continues with the same settings (a new branch).</source>
        <translation>分叉不做任何修改：以相同设置继续（新的分支）。</translation>
    </message>
    <message>
        <source>The fork changes: %1</source>
        <translation>分叉的修改：%1</translation>
    </message>
</context>
<context>
    <name>strata::ui::Format</name>
    <message>
        <source>scalar</source>
        <translation>标量</translation>
    </message>
</context>
<context>
    <name>strata::ui::GraphScene</name>
    <message>
        <source>Delete %1</source>
        <translation>删除 %1</translation>
    </message>
    <message numerus="yes">
        <source>Delete %n item(s)</source>
        <translation>
            <numerusform>删除 %n 项</numerusform>
        </translation>
    </message>
    <message>
        <source>The clipboard holds no nodes.</source>
        <translation>剪贴板中没有节点。</translation>
    </message>
    <message numerus="yes">
        <source>Paste %n node(s)</source>
        <translation>
            <numerusform>粘贴 %n 个节点</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>Duplicate %n node(s)</source>
        <translation>
            <numerusform>创建 %n 个节点的副本</numerusform>
        </translation>
    </message>
    <message>
        <source>Add %1</source>
        <translation>添加 %1</translation>
    </message>
    <message>
        <source>Both are outputs: link an output to an input.</source>
        <translation>两端都是输出：请将输出连接到输入。</translation>
    </message>
    <message>
        <source>Both are inputs: link an output to an input.</source>
        <translation>两端都是输入：请将输出连接到输入。</translation>
    </message>
    <message>
        <source>Lay out selection</source>
        <translation>自动布局所选内容</translation>
    </message>
    <message>
        <source>Lay out graph</source>
        <translation>自动布局图</translation>
    </message>
    <message>
        <source>Move</source>
        <translation>移动</translation>
    </message>
    <message>
        <source>Insert %1 into link</source>
        <translation>将 %1 插入连接</translation>
    </message>
    <message>
        <source>Move %1</source>
        <translation>移动 %1</translation>
    </message>
    <message numerus="yes">
        <source>Move %n nodes</source>
        <translation>
            <numerusform>移动 %n 个节点</numerusform>
        </translation>
    </message>
    <message>
        <source>exploding gradients (gradient norm %1): lower the learning rate or clip the gradients</source>
        <translation>梯度爆炸（梯度范数 %1）：请降低学习率或进行梯度裁剪</translation>
    </message>
    <message>
        <source>vanishing gradients (gradient norm %1): this layer has almost stopped learning</source>
        <translation>梯度消失（梯度范数 %1）：该层几乎已停止学习</translation>
    </message>
    <message>
        <source>%1 % of its units never fired in the last epoch (dead ReLU): lower the learning rate, or use leaky_relu</source>
        <translation>上一轮中 %1% 的单元从未激活（死亡 ReLU）：请降低学习率，或改用 leaky_relu</translation>
    </message>
</context>
<context>
    <name>strata::ui::ImportWeightsDialog</name>
    <message>
        <source>Import Weights</source>
        <translation>导入权重</translation>
    </message>
    <message>
        <source>Choose a run…</source>
        <translation>选择一个运行…</translation>
    </message>
    <message>
        <source>From a File…</source>
        <translation>从文件…</translation>
    </message>
    <message>
        <source>Source</source>
        <translation>来源</translation>
    </message>
    <message>
        <source>Layer</source>
        <translation>层</translation>
    </message>
    <message>
        <source>Type</source>
        <translation>类型</translation>
    </message>
    <message>
        <source>In the source</source>
        <translation>来源中</translation>
    </message>
    <message>
        <source>Match</source>
        <translation>匹配</translation>
    </message>
    <message>
        <source>Start from it</source>
        <translation>从来源初始化</translation>
    </message>
    <message>
        <source>Freeze</source>
        <translation>冻结</translation>
    </message>
    <message>
        <source>Apply to the Project</source>
        <translation>应用到项目</translation>
    </message>
    <message>
        <source>Weights to import</source>
        <translation>要导入的权重</translation>
    </message>
    <message>
        <source>Weights (*.npz *.safetensors *.ck);;All files (*)</source>
        <translation>权重 (*.npz *.safetensors *.ck);;所有文件 (*)</translation>
    </message>
    <message>
        <source>not in the source</source>
        <translation>来源中没有</translation>
    </message>
    <message>
        <source>sizes agree</source>
        <translation>尺寸一致</translation>
    </message>
    <message>
        <source>sizes differ: %1 values here, %2 in the source</source>
        <translation>尺寸不同：此处 %1 个值，来源中 %2 个</translation>
    </message>
    <message>
        <source>Import weights</source>
        <translation>导入权重</translation>
    </message>
    <message>
        <source>Weights are matched to the graph&apos;s layers by name; a layer starts from the source only when every tensor&apos;s shape agrees.</source>
        <translation>权重按名称与图中的层匹配；只有每个张量形状都一致的层才会从来源初始化。</translation>
    </message>
    <message>
        <source>%1 is not in the source</source>
        <translation>来源中没有 %1</translation>
    </message>
    <message>
        <source>%1 %2 here, %3 in the source</source>
        <translation>%1 此处为 %2，来源中为 %3</translation>
    </message>
    <message>
        <source>shapes agree</source>
        <translation>形状一致</translation>
    </message>
    <message>
        <source>%1 of %2 layers with weights match the source by name and shape.</source>
        <translation>%2 个含权重的层中有 %1 个在名称和形状上与来源匹配。</translation>
    </message>
</context>
<context>
    <name>strata::ui::InspectorPanel</name>
    <message>
        <source>Project</source>
        <translation>项目</translation>
    </message>
    <message>
        <source>Name</source>
        <translation>名称</translation>
    </message>
    <message>
        <source>Description</source>
        <translation>描述</translation>
    </message>
    <message>
        <source>Select a node to edit its parameters. Drag layers from the palette, or press Space on the canvas to search for one.</source>
        <translation>选择一个节点以编辑其参数。可从层面板拖入层，或在画布上按空格键搜索层。</translation>
    </message>
    <message>
        <source>Rename project</source>
        <translation>重命名项目</translation>
    </message>
    <message>
        <source>Edit project description</source>
        <translation>编辑项目描述</translation>
    </message>
    <message numerus="yes">
        <source>%n nodes selected</source>
        <translation>
            <numerusform>已选择 %n 个节点</numerusform>
        </translation>
    </message>
    <message>
        <source>Select nodes of one type to edit their parameters together.</source>
        <translation>选择同一类型的节点即可一并编辑其参数。</translation>
    </message>
    <message numerus="yes">
        <source>%n nodes</source>
        <translation>
            <numerusform>%n 个节点</numerusform>
        </translation>
    </message>
    <message>
        <source>The node&apos;s name: unique in the graph; the layer&apos;s tensors are named after it</source>
        <translation>节点名称：在图中唯一；该层的张量以此命名</translation>
    </message>
    <message>
        <source>A name cannot be empty.</source>
        <translation>名称不能为空。</translation>
    </message>
    <message>
        <source>A node named &apos;%1&apos; already exists.</source>
        <translation>已存在名为“%1”的节点。</translation>
    </message>
    <message>
        <source>&lt;b&gt;Output&lt;/b&gt; %1&lt;br&gt;&lt;b&gt;Parameters&lt;/b&gt; %2&lt;br&gt;&lt;b&gt;FLOPs per sample&lt;/b&gt; %3&lt;br&gt;&lt;b&gt;Activations per sample&lt;/b&gt; %4</source>
        <translation>&lt;b&gt;输出&lt;/b&gt; %1&lt;br&gt;&lt;b&gt;参数&lt;/b&gt; %2&lt;br&gt;&lt;b&gt;每样本 FLOPs&lt;/b&gt; %3&lt;br&gt;&lt;b&gt;每样本激活值&lt;/b&gt; %4</translation>
    </message>
    <message numerus="yes">
        <source>&lt;b&gt;Graph&lt;/b&gt;: %n node(s), </source>
        <translation>
            <numerusform>&lt;b&gt;图&lt;/b&gt;：%n 个节点，</numerusform>
        </translation>
    </message>
    <message>
        <source>%1 parameters, %2 FLOPs per sample</source>
        <translation>%1 个参数，每样本 %2 FLOPs</translation>
    </message>
    <message>
        <source>&lt;br&gt;&lt;b&gt;Padding mask&lt;/b&gt; made here: token id 0 is padding</source>
        <translation>&lt;br&gt;&lt;b&gt;填充掩码&lt;/b&gt; 在此生成：编号 0 为填充</translation>
    </message>
    <message>
        <source>&lt;br&gt;&lt;b&gt;Padding mask&lt;/b&gt; from %1, passed on</source>
        <translation>&lt;br&gt;&lt;b&gt;填充掩码&lt;/b&gt; 来自 %1，向后传递</translation>
    </message>
    <message>
        <source>&lt;br&gt;&lt;b&gt;Padding mask&lt;/b&gt; from %1, used here</source>
        <translation>&lt;br&gt;&lt;b&gt;填充掩码&lt;/b&gt; 来自 %1，在此使用</translation>
    </message>
    <message>
        <source>&lt;br&gt;&lt;b&gt;Padding mask&lt;/b&gt; from %1, ignored here: padded steps count as data</source>
        <translation>&lt;br&gt;&lt;b&gt;填充掩码&lt;/b&gt; 来自 %1，在此被忽略：填充步会被当作数据</translation>
    </message>
</context>
<context>
    <name>strata::ui::Language</name>
    <message>
        <source>System</source>
        <translation>跟随系统</translation>
    </message>
</context>
<context>
    <name>strata::ui::MainWindow</name>
    <message>
        <source>Layers</source>
        <translation>层</translation>
    </message>
    <message>
        <source>Inspector</source>
        <translation>检查器</translation>
    </message>
    <message>
        <source>&lt;opened&gt;</source>
        <translation>&lt;打开时&gt;</translation>
    </message>
    <message>
        <source>History</source>
        <translation>历史记录</translation>
    </message>
    <message>
        <source>Code</source>
        <translation>代码</translation>
    </message>
    <message>
        <source>Problems</source>
        <translation>问题</translation>
    </message>
    <message>
        <source>Model Summary</source>
        <translation>模型摘要</translation>
    </message>
    <message>
        <source>Training Output</source>
        <translation>训练输出</translation>
    </message>
    <message>
        <source>Zoom (Ctrl+0 fits the graph, Ctrl+1 is 100 %)</source>
        <translation>缩放（Ctrl+0：显示整个图，Ctrl+1：100%）</translation>
    </message>
    <message>
        <source>Start</source>
        <translation>开始</translation>
    </message>
    <message numerus="yes">
        <source>%n error(s)</source>
        <translation>
            <numerusform>%n 个错误</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>%n warning(s)</source>
        <translation>
            <numerusform>%n 个警告</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>%n layer(s)</source>
        <translation>
            <numerusform>%n 层</numerusform>
        </translation>
    </message>
    <message>
        <source>Fix the errors first: %1</source>
        <translation>请先修复错误：%1</translation>
    </message>
    <message>
        <source>Best device</source>
        <translation>最佳设备</translation>
    </message>
    <message>
        <source>Vulkan is unavailable: %1</source>
        <translation>Vulkan 不可用：%1</translation>
    </message>
    <message>
        <source>No device</source>
        <translation>无设备</translation>
    </message>
    <message>
        <source>Device: %1</source>
        <translation>设备：%1</translation>
    </message>
    <message>
        <source>%1, %2, %3 of memory</source>
        <translation>%1，%2，内存 %3</translation>
    </message>
    <message>
        <source>&amp;New Project</source>
        <translation>新建项目(&amp;N)</translation>
    </message>
    <message>
        <source>New &amp;Window</source>
        <translation>新建窗口(&amp;W)</translation>
    </message>
    <message>
        <source>Ctrl+Shift+N</source>
        <translation>Ctrl+Shift+N</translation>
    </message>
    <message>
        <source>&amp;Open...</source>
        <translation>打开(&amp;O)...</translation>
    </message>
    <message>
        <source>&amp;Save</source>
        <translation>保存(&amp;S)</translation>
    </message>
    <message>
        <source>Save &amp;As...</source>
        <translation>另存为(&amp;A)...</translation>
    </message>
    <message>
        <source>&amp;Close Project</source>
        <translation>关闭项目(&amp;C)</translation>
    </message>
    <message>
        <source>&amp;Quit</source>
        <translation>退出(&amp;Q)</translation>
    </message>
    <message>
        <source>&amp;Undo</source>
        <translation>撤销(&amp;U)</translation>
    </message>
    <message>
        <source>&amp;Redo</source>
        <translation>重做(&amp;R)</translation>
    </message>
    <message>
        <source>Ctrl+Shift+Z</source>
        <translation>Ctrl+Shift+Z</translation>
    </message>
    <message>
        <source>Ctrl+Y</source>
        <translation>Ctrl+Y</translation>
    </message>
    <message>
        <source>Cu&amp;t</source>
        <translation>剪切(&amp;T)</translation>
    </message>
    <message>
        <source>&amp;Copy</source>
        <translation>复制(&amp;C)</translation>
    </message>
    <message>
        <source>&amp;Paste</source>
        <translation>粘贴(&amp;P)</translation>
    </message>
    <message>
        <source>&amp;Duplicate</source>
        <translation>创建副本(&amp;D)</translation>
    </message>
    <message>
        <source>Ctrl+D</source>
        <translation>Ctrl+D</translation>
    </message>
    <message>
        <source>De&amp;lete</source>
        <translation>删除(&amp;L)</translation>
    </message>
    <message>
        <source>Select &amp;All</source>
        <translation>全选(&amp;A)</translation>
    </message>
    <message>
        <source>Re&amp;name Node</source>
        <translation>重命名节点(&amp;N)</translation>
    </message>
    <message>
        <source>&amp;Find Layer</source>
        <translation>查找层(&amp;F)</translation>
    </message>
    <message>
        <source>Zoom &amp;In</source>
        <translation>放大(&amp;I)</translation>
    </message>
    <message>
        <source>Zoom &amp;Out</source>
        <translation>缩小(&amp;O)</translation>
    </message>
    <message>
        <source>&amp;Fit Graph</source>
        <translation>显示整个图(&amp;F)</translation>
    </message>
    <message>
        <source>Ctrl+0</source>
        <translation>Ctrl+0</translation>
    </message>
    <message>
        <source>&amp;Actual Size</source>
        <translation>实际大小(&amp;A)</translation>
    </message>
    <message>
        <source>Ctrl+1</source>
        <translation>Ctrl+1</translation>
    </message>
    <message>
        <source>Shapes on &amp;Links</source>
        <translation>在连接上显示形状(&amp;L)</translation>
    </message>
    <message>
        <source>Ctrl+L</source>
        <translation>Ctrl+L</translation>
    </message>
    <message>
        <source>&amp;Snap to Grid</source>
        <translation>对齐网格(&amp;S)</translation>
    </message>
    <message>
        <source>&amp;Add Layer...</source>
        <translation>添加层(&amp;A)...</translation>
    </message>
    <message>
        <source>Ctrl+Shift+A</source>
        <translation>Ctrl+Shift+A</translation>
    </message>
    <message>
        <source>&amp;Lay Out Graph</source>
        <translation>自动布局图(&amp;L)</translation>
    </message>
    <message>
        <source>Ctrl+Shift+L</source>
        <translation>Ctrl+Shift+L</translation>
    </message>
    <message>
        <source>Lay Out &amp;Selection</source>
        <translation>自动布局所选内容(&amp;S)</translation>
    </message>
    <message>
        <source>Shift+F5</source>
        <translation>Shift+F5</translation>
    </message>
    <message>
        <source>&amp;About Strata</source>
        <translation>关于 Strata(&amp;A)</translation>
    </message>
    <message>
        <source>About Strata</source>
        <translation>关于 Strata</translation>
    </message>
    <message>
        <source>&lt;h3&gt;Strata %1&lt;/h3&gt;&lt;p&gt;Design neural networks as graphs of layers, train them on any GPU through Vulkan or on the CPU, and compare, evaluate and export what you trained.&lt;/p&gt;</source>
        <translation>&lt;h3&gt;Strata %1&lt;/h3&gt;&lt;p&gt;将神经网络设计为由层构成的图，通过 Vulkan 在任意 GPU 上或在 CPU 上训练，并对训练结果进行比较、评估和导出。&lt;/p&gt;</translation>
    </message>
    <message>
        <source>&amp;Keyboard Shortcuts</source>
        <translation>键盘快捷键(&amp;K)</translation>
    </message>
    <message>
        <source>Quick add on the canvas</source>
        <translation>在画布上快速添加</translation>
    </message>
    <message>
        <source>Space or double-click</source>
        <translation>空格键或双击</translation>
    </message>
    <message>
        <source>Pan</source>
        <translation>平移</translation>
    </message>
    <message>
        <source>Middle button or Space+drag</source>
        <translation>鼠标中键或空格键+拖动</translation>
    </message>
    <message>
        <source>Move selection</source>
        <translation>移动所选内容</translation>
    </message>
    <message>
        <source>Arrow keys (Shift: further)</source>
        <translation>方向键（按住 Shift：移动更远）</translation>
    </message>
    <message>
        <source>Keyboard Shortcuts</source>
        <translation>键盘快捷键</translation>
    </message>
    <message>
        <source>&amp;File</source>
        <translation>文件(&amp;F)</translation>
    </message>
    <message>
        <source>Open &amp;Recent</source>
        <translation>最近打开(&amp;R)</translation>
    </message>
    <message>
        <source>&amp;Examples</source>
        <translation>示例(&amp;E)</translation>
    </message>
    <message>
        <source>&amp;Edit</source>
        <translation>编辑(&amp;E)</translation>
    </message>
    <message>
        <source>&amp;View</source>
        <translation>视图(&amp;V)</translation>
    </message>
    <message>
        <source>&amp;Panels</source>
        <translation>面板(&amp;P)</translation>
    </message>
    <message>
        <source>&amp;Theme</source>
        <translation>主题(&amp;T)</translation>
    </message>
    <message>
        <source>&amp;System</source>
        <translation>跟随系统(&amp;S)</translation>
    </message>
    <message>
        <source>&amp;Light</source>
        <translation>浅色(&amp;L)</translation>
    </message>
    <message>
        <source>&amp;Dark</source>
        <translation>深色(&amp;D)</translation>
    </message>
    <message>
        <source>&amp;Language</source>
        <translation>语言(&amp;L)</translation>
    </message>
    <message>
        <source>Language</source>
        <translation>语言</translation>
    </message>
    <message>
        <source>The new language applies the next time Strata starts.</source>
        <translation>新语言将在下次启动 Strata 时生效。</translation>
    </message>
    <message>
        <source>&amp;Model</source>
        <translation>模型(&amp;M)</translation>
    </message>
    <message>
        <source>&amp;Train</source>
        <translation>训练(&amp;T)</translation>
    </message>
    <message>
        <source>&amp;Help</source>
        <translation>帮助(&amp;H)</translation>
    </message>
    <message>
        <source>Main</source>
        <translation>主工具栏</translation>
    </message>
    <message>
        <source>Device:</source>
        <translation>设备：</translation>
    </message>
    <message>
        <source>Looking for devices...</source>
        <translation>正在查找设备...</translation>
    </message>
    <message>
        <source>(none)</source>
        <translation>（无）</translation>
    </message>
    <message>
        <source>&amp;Clear List</source>
        <translation>清除列表(&amp;C)</translation>
    </message>
    <message>
        <source>(no examples found)</source>
        <translation>（未找到示例）</translation>
    </message>
    <message>
        <source>Unsaved Changes</source>
        <translation>未保存的更改</translation>
    </message>
    <message>
        <source>Save the changes to “%1” before closing it?</source>
        <translation>关闭前是否保存对“%1”的更改？</translation>
    </message>
    <message>
        <source>Your changes are lost if you don&apos;t save them.</source>
        <translation>如果不保存，您的更改将会丢失。</translation>
    </message>
    <message>
        <source>New project: drag layers from the palette onto the canvas, or press Space to search for one.</source>
        <translation>新项目：从层面板将层拖到画布上，或按空格键搜索层。</translation>
    </message>
    <message>
        <source>Cannot Open Project</source>
        <translation>无法打开项目</translation>
    </message>
    <message>
        <source>Opened %1</source>
        <translation>已打开 %1</translation>
    </message>
    <message>
        <source>Open Project</source>
        <translation>打开项目</translation>
    </message>
    <message>
        <source>Strata projects (*.strata);;All files (*)</source>
        <translation>Strata 项目 (*.strata);;所有文件 (*)</translation>
    </message>
    <message>
        <source>%1 is not a Strata project (*.strata)</source>
        <translation>%1 不是 Strata 项目 (*.strata)</translation>
    </message>
    <message>
        <source>Save Project</source>
        <translation>保存项目</translation>
    </message>
    <message>
        <source>Strata projects (*.strata)</source>
        <translation>Strata 项目 (*.strata)</translation>
    </message>
    <message>
        <source>Cannot Save Project</source>
        <translation>无法保存项目</translation>
    </message>
    <message>
        <source>Saved %1</source>
        <translation>已保存 %1</translation>
    </message>
    <message>
        <source>Untitled</source>
        <translation>未命名</translation>
    </message>
    <message>
        <source>Recover Unsaved Work</source>
        <translation>恢复未保存的工作</translation>
    </message>
    <message numerus="yes">
        <source>Strata closed without saving %n project(s). Recover the unsaved changes?</source>
        <translation>
            <numerusform>Strata 上次关闭时有 %n 个项目未保存。是否恢复未保存的更改？</numerusform>
        </translation>
    </message>
    <message>
        <source>&amp;Recover</source>
        <translation>恢复(&amp;R)</translation>
    </message>
    <message>
        <source>&amp;Discard</source>
        <translation>放弃(&amp;D)</translation>
    </message>
    <message>
        <source>Recovered unsaved changes; save them to keep them.</source>
        <translation>已恢复未保存的更改；请保存以保留这些更改。</translation>
    </message>
    <message>
        <source>Cannot Recover</source>
        <translation>无法恢复</translation>
    </message>
    <message>
        <source>Ctrl+Shift+S</source>
        <translation>Ctrl+Shift+S</translation>
    </message>
    <message>
        <source>Ctrl+W</source>
        <translation>Ctrl+W</translation>
    </message>
    <message>
        <source>Ctrl+Q</source>
        <translation>Ctrl+Q</translation>
    </message>
    <message>
        <source>Ctrl+F</source>
        <translation>Ctrl+F</translation>
    </message>
    <message>
        <source>Ctrl++</source>
        <translation>Ctrl++</translation>
    </message>
    <message>
        <source>Ctrl+-</source>
        <translation>Ctrl+-</translation>
    </message>
    <message>
        <source>%1, %2</source>
        <extracomment>errors and warnings of the graph, e.g. &quot;1 error, 2 warnings&quot;</extracomment>
        <translation>%1，%2</translation>
    </message>
    <message>
        <source>%1 · %2 parameters · %3 FLOPs</source>
        <translation>%1 · %2 个参数 · %3 FLOPs</translation>
    </message>
    <message>
        <source>Design</source>
        <translation>设计</translation>
    </message>
    <message>
        <source>Training</source>
        <translation>训练</translation>
    </message>
    <message>
        <source>Evaluation</source>
        <translation>评估</translation>
    </message>
    <message>
        <source>Output for %1 sample %2 (run %3, epoch %4):</source>
        <translation>%1 样本 %2 的输出（运行 %3，第 %4 轮）：</translation>
    </message>
    <message>
        <source>Dataset</source>
        <translation>数据集</translation>
    </message>
    <message>
        <source>Devices</source>
        <translation>设备</translation>
    </message>
    <message>
        <source>Stop the Run?</source>
        <translation>停止运行？</translation>
    </message>
    <message>
        <source>A run is training. Stop it (its checkpoint is kept; it can be resumed) and close?</source>
        <translation>有一个运行正在训练。是否停止它（保留检查点，之后可以继续）并关闭？</translation>
    </message>
    <message>
        <source>&amp;Run</source>
        <translation>运行(&amp;R)</translation>
    </message>
    <message>
        <source>&amp;Pause</source>
        <translation>暂停(&amp;P)</translation>
    </message>
    <message>
        <source>&amp;Stop</source>
        <translation>停止(&amp;S)</translation>
    </message>
    <message numerus="yes">
        <source>Run %1 on %2: %3 training samples, %n epoch(s), batch %4</source>
        <translation>
            <numerusform>运行 %1，设备 %2：%3 个训练样本，%n 轮，批大小 %4</numerusform>
        </translation>
    </message>
    <message>
        <source>Training: epoch %1, %2 samples/s</source>
        <translation>训练中：第 %1 轮，%2 样本/秒</translation>
    </message>
    <message>
        <source>epoch %1/%2: loss %3</source>
        <translation>第 %1/%2 轮：损失 %3</translation>
    </message>
    <message>
        <source>, accuracy %1</source>
        <translation>，准确率 %1</translation>
    </message>
    <message>
        <source>, validation loss %1</source>
        <translation>，验证损失 %1</translation>
    </message>
    <message>
        <source>test: loss %1, accuracy %2 (%3 samples)</source>
        <translation>测试：损失 %1，准确率 %2（%3 个样本）</translation>
    </message>
    <message>
        <source>test: loss %1, MSE %2 (%3 samples)</source>
        <translation>测试：损失 %1，MSE %2（%3 个样本）</translation>
    </message>
    <message>
        <source>Run %1 stopped with its checkpoint.</source>
        <translation>运行 %1 已停止，检查点已保存。</translation>
    </message>
    <message>
        <source>Run %1 finished.</source>
        <translation>运行 %1 已完成。</translation>
    </message>
    <message>
        <source>The run failed: %1</source>
        <translation>运行失败：%1</translation>
    </message>
    <message>
        <source>Queued a run of %1.</source>
        <translation>已将 %1 的一次运行加入队列。</translation>
    </message>
    <message>
        <source>Starting a run of %1...</source>
        <translation>正在启动 %1 的一次运行...</translation>
    </message>
    <message>
        <source>Preparing the run...</source>
        <translation>正在准备运行...</translation>
    </message>
    <message>
        <source>Queue another run of this project (F5)</source>
        <translation>将本项目的另一次运行加入队列（F5）</translation>
    </message>
    <message>
        <source>Train the model on its dataset (F5)</source>
        <translation>在数据集上训练模型（F5）</translation>
    </message>
    <message>
        <source>Resu&amp;me</source>
        <translation>继续(&amp;M)</translation>
    </message>
    <message>
        <source>Stopped before training began; nothing was recorded.</source>
        <translation>在训练开始前已停止；没有记录任何内容。</translation>
    </message>
    <message>
        <source>Runs</source>
        <translation>运行</translation>
    </message>
    <message>
        <source>Experiment &amp;Runs</source>
        <translation>实验运行(&amp;R)</translation>
    </message>
    <message>
        <source>Ctrl+Shift+R</source>
        <translation>Ctrl+Shift+R</translation>
    </message>
    <message>
        <source>Cannot Open Run</source>
        <translation>无法打开运行</translation>
    </message>
    <message>
        <source>Run %1: %2</source>
        <translation>运行 %1：%2</translation>
    </message>
    <message>
        <source>Opened the graph of run %1 as a new project</source>
        <translation>已将运行 %1 的图作为新项目打开</translation>
    </message>
    <message>
        <source>&amp;Import Weights…</source>
        <translation>导入权重(&amp;I)…</translation>
    </message>
    <message>
        <source>Not in run %1&apos;s graph</source>
        <translation>运行 %1 的图中没有</translation>
    </message>
    <message>
        <source>Changed since run %1: %2</source>
        <translation>相对运行 %1 的修改：%2</translation>
    </message>
    <message>
        <source>Run %1&apos;s graph: outlined what differs from run %2 (green added, amber changed)</source>
        <translation>运行 %1 的图：已勾勒出与运行 %2 的差异（绿色为新增，琥珀色为修改）</translation>
    </message>
    <message>
        <source>Run %1&apos;s graph: outlined what differs from run %2; removed since: %3</source>
        <translation>运行 %1 的图：已勾勒出与运行 %2 的差异；已删除：%3</translation>
    </message>
</context>
<context>
    <name>strata::ui::MetricChart</name>
    <message>
        <source>best %1</source>
        <translation>%1（最佳）</translation>
    </message>
    <message>
        <source> (smoothed %1)</source>
        <translation>（平滑后 %1）</translation>
    </message>
</context>
<context>
    <name>strata::ui::NodeItem</name>
    <message>
        <source>Error:</source>
        <translation>错误：</translation>
    </message>
    <message>
        <source>Fix:</source>
        <translation>修复建议：</translation>
    </message>
    <message>
        <source>Warning:</source>
        <translation>警告：</translation>
    </message>
    <message>
        <source>loss</source>
        <translation>损失</translation>
    </message>
    <message>
        <source>%1 params</source>
        <translation>%1 参数</translation>
    </message>
    <message>
        <source>Waits for a node above it to be fixed.</source>
        <translation>需等待上游节点的错误修复。</translation>
    </message>
    <message>
        <source>→ ? (waits for the error above)</source>
        <translation>→ ?（等待上游错误修复）</translation>
    </message>
    <message>
        <source>&lt;b&gt;Last epoch&lt;/b&gt; (%1):</source>
        <translation>&lt;b&gt;上一轮&lt;/b&gt;（第 %1 轮）：</translation>
    </message>
    <message>
        <source>&lt;br&gt;weight norm %1, gradient norm %2, update/weight %3</source>
        <translation>&lt;br&gt;权重范数 %1，梯度范数 %2，更新量/权重 %3</translation>
    </message>
    <message>
        <source>&lt;br&gt;%1 % of its units never fired</source>
        <translation>&lt;br&gt;%1% 的单元从未激活</translation>
    </message>
    <message>
        <source>&lt;br&gt;measured: forward %1 ms, backward %2 ms per step</source>
        <translation>&lt;br&gt;实测每步：前向 %1 ms，反向 %2 ms</translation>
    </message>
</context>
<context>
    <name>strata::ui::PalettePanel</name>
    <message>
        <source>Search layers</source>
        <translation>搜索层</translation>
    </message>
    <message>
        <source>Drag onto the canvas, or double-click to add below the selected node</source>
        <translation>拖到画布上，或双击添加到所选节点下方</translation>
    </message>
</context>
<context>
    <name>strata::ui::ParamEditor</name>
    <message>
        <source>e.g. 3, 3</source>
        <translation>例如 3, 3</translation>
    </message>
    <message>
        <source>Enter a number, e.g. 0.5 or 1e-3.</source>
        <translation>请输入数字，例如 0.5 或 1e-3。</translation>
    </message>
    <message>
        <source>Enter whole numbers separated by commas, e.g. 3, 3.</source>
        <translation>请输入以逗号分隔的整数，例如 3, 3。</translation>
    </message>
</context>
<context>
    <name>strata::ui::PathField</name>
    <message>
        <source>Choose a file</source>
        <translation>选择文件</translation>
    </message>
    <message>
        <source>Choose a folder</source>
        <translation>选择文件夹</translation>
    </message>
    <message>
        <source>Choose a File</source>
        <translation>选择文件</translation>
    </message>
    <message>
        <source>Choose a Folder</source>
        <translation>选择文件夹</translation>
    </message>
</context>
<context>
    <name>strata::ui::PredictionsModel</name>
    <message>
        <source>Sample</source>
        <translation>样本</translation>
    </message>
    <message>
        <source>True</source>
        <translation>真实</translation>
    </message>
    <message>
        <source>Predicted</source>
        <translation>预测</translation>
    </message>
    <message>
        <source>Confidence</source>
        <translation>置信度</translation>
    </message>
    <message>
        <source>Error</source>
        <translation>误差</translation>
    </message>
    <message>
        <source>Correct</source>
        <translation>正确</translation>
    </message>
</context>
<context>
    <name>strata::ui::ProblemsPanel</name>
    <message>
        <source>Node</source>
        <translation>节点</translation>
    </message>
    <message>
        <source>Field</source>
        <translation>字段</translation>
    </message>
    <message>
        <source>Problem</source>
        <translation>问题</translation>
    </message>
    <message>
        <source>Fix</source>
        <translation>修复建议</translation>
    </message>
    <message>
        <source>No problems: the graph is ready to train.</source>
        <translation>没有问题：图已可以训练。</translation>
    </message>
    <message>
        <source>(graph)</source>
        <translation>（图）</translation>
    </message>
</context>
<context>
    <name>strata::ui::ProjectDocument</name>
    <message>
        <source>Untitled</source>
        <translation>未命名</translation>
    </message>
</context>
<context>
    <name>strata::ui::QuickAddPopup</name>
    <message>
        <source>Add a layer: type to search</source>
        <translation>添加层：输入以搜索</translation>
    </message>
</context>
<context>
    <name>strata::ui::RemoveLinkCommand</name>
    <message>
        <source>Disconnect %1 from %2</source>
        <translation>断开 %1 与 %2 的连接</translation>
    </message>
</context>
<context>
    <name>strata::ui::RemoveNodeCommand</name>
    <message>
        <source>Delete %1</source>
        <translation>删除 %1</translation>
    </message>
</context>
<context>
    <name>strata::ui::RenameNodeCommand</name>
    <message>
        <source>Rename %1 to %2</source>
        <translation>将 %1 重命名为 %2</translation>
    </message>
</context>
<context>
    <name>strata::ui::RunTreeView</name>
    <message>
        <source>Run</source>
        <translation>运行</translation>
    </message>
    <message>
        <source>Status</source>
        <translation>状态</translation>
    </message>
    <message>
        <source>Starts from</source>
        <translation>起点</translation>
    </message>
    <message>
        <source>Best validation</source>
        <translation>最佳验证</translation>
    </message>
    <message>
        <source>Started</source>
        <translation>开始时间</translation>
    </message>
    <message>
        <source>new</source>
        <translation>新建</translation>
    </message>
    <message>
        <source>%1 after epoch %2</source>
        <translation>%1 第 %2 轮之后</translation>
    </message>
</context>
<context>
    <name>strata::ui::RunsBrowser</name>
    <message>
        <source>Curves</source>
        <translation>曲线</translation>
    </message>
    <message>
        <source>Parameters</source>
        <translation>参数</translation>
    </message>
    <message>
        <source>Metrics</source>
        <translation>指标</translation>
    </message>
    <message>
        <source>Run tree</source>
        <translation>运行树</translation>
    </message>
    <message>
        <source>Trade-off</source>
        <translation>权衡</translation>
    </message>
    <message>
        <source>Filter: words, tags, key=value, val_accuracy&gt;0.8</source>
        <translation>筛选：关键词、标签、键=值、val_accuracy&gt;0.8</translation>
    </message>
    <message>
        <source>Every word must match the run&apos;s name, experiment, project, status, device, tags or a hyperparameter (&quot;adam&quot;, &quot;batch_size=64&quot;). Comparisons such as val_accuracy&gt;0.8 or learning_rate&lt;=0.01 test a metric&apos;s best value or a numeric hyperparameter.</source>
        <translation>每个词都必须匹配运行的名称、实验、项目、状态、设备、标签或某个超参数（“adam”、“batch_size=64”）。val_accuracy&gt;0.8 或 learning_rate&lt;=0.01 这样的比较检查指标的最佳值或数值型超参数。</translation>
    </message>
    <message>
        <source>Any status</source>
        <translation>任意状态</translation>
    </message>
    <message>
        <source>Any experiment</source>
        <translation>任意实验</translation>
    </message>
    <message>
        <source>Any tag</source>
        <translation>任意标签</translation>
    </message>
    <message>
        <source>Saved views</source>
        <translation>已保存的视图</translation>
    </message>
    <message>
        <source>Save view…</source>
        <translation>保存视图…</translation>
    </message>
    <message>
        <source>Columns…</source>
        <translation>列…</translation>
    </message>
    <message>
        <source>Not understood (a comparison needs a number): %1</source>
        <translation>无法理解（比较需要一个数字）：%1</translation>
    </message>
    <message>
        <source>Save view</source>
        <translation>保存视图</translation>
    </message>
    <message>
        <source>Name of this view (filter, columns and sort):</source>
        <translation>此视图的名称（筛选、列和排序）：</translation>
    </message>
    <message>
        <source>Open in editor</source>
        <translation>在编辑器中打开</translation>
    </message>
    <message>
        <source>Open the graph and settings this run trained, as a new project</source>
        <translation>将此运行训练的图和设置作为新项目打开</translation>
    </message>
    <message>
        <source>Resume</source>
        <translation>继续</translation>
    </message>
    <message>
        <source>Continue a stopped or interrupted run from its last checkpoint</source>
        <translation>从最后一个检查点继续已停止或中断的运行</translation>
    </message>
    <message>
        <source>Fork…</source>
        <translation>分叉…</translation>
    </message>
    <message>
        <source>Start a new run from one of this run&apos;s epochs, with changed hyperparameters</source>
        <translation>从此运行的某一轮开始新的运行，并修改超参数</translation>
    </message>
    <message>
        <source>Rename…</source>
        <translation>重命名…</translation>
    </message>
    <message>
        <source>Tag…</source>
        <translation>标签…</translation>
    </message>
    <message>
        <source>Add or remove a tag on the selected runs</source>
        <translation>为所选运行添加或删除标签</translation>
    </message>
    <message>
        <source>Colour…</source>
        <translation>颜色…</translation>
    </message>
    <message>
        <source>Choose the run&apos;s colour in every chart and table</source>
        <translation>选择该运行在所有图表和表格中的颜色</translation>
    </message>
    <message>
        <source>Delete…</source>
        <translation>删除…</translation>
    </message>
    <message>
        <source>%1 of %2 runs</source>
        <translation>%1 / %2 个运行</translation>
    </message>
    <message>
        <source>Hyperparameters</source>
        <translation>超参数</translation>
    </message>
    <message>
        <source>Runs</source>
        <translation>运行</translation>
    </message>
    <message>
        <source>Rename run</source>
        <translation>重命名运行</translation>
    </message>
    <message>
        <source>New name of run %1:</source>
        <translation>运行 %1 的新名称：</translation>
    </message>
    <message>
        <source>Tag runs</source>
        <translation>为运行加标签</translation>
    </message>
    <message numerus="yes">
        <source>Tag to add to %n run(s); start it with − or - to remove it:</source>
        <translation>
            <numerusform>要添加到 %n 个运行的标签；以 − 或 - 开头则删除该标签：</numerusform>
        </translation>
    </message>
    <message>
        <source>Colour of the run</source>
        <translation>运行的颜色</translation>
    </message>
    <message>
        <source>Delete runs</source>
        <translation>删除运行</translation>
    </message>
    <message>
        <source>Still training, so not deleted: %1. Stop it first.</source>
        <translation>仍在训练，因此未删除：%1。请先停止。</translation>
    </message>
    <message numerus="yes">
        <source>Delete %n run(s) from the experiment log: their metrics, confusion matrices, checkpoint records, tags and evaluations?</source>
        <translation>
            <numerusform>从实验日志中删除 %n 个运行：包括其指标、混淆矩阵、检查点记录、标签和评估结果？</numerusform>
        </translation>
    </message>
    <message>
        <source>Also delete the run folders and their checkpoints (%1 MiB)</source>
        <translation>同时删除运行文件夹及其检查点（%1 MiB）</translation>
    </message>
    <message>
        <source>Delete</source>
        <translation>删除</translation>
    </message>
    <message>
        <source>%1: still training</source>
        <translation>%1：仍在训练</translation>
    </message>
    <message>
        <source>Confusion</source>
        <translation>混淆矩阵</translation>
    </message>
    <message>
        <source>Graphs</source>
        <translation>图</translation>
    </message>
    <message>
        <source>Export…</source>
        <translation>导出…</translation>
    </message>
    <message>
        <source>Write the run&apos;s trained model as ONNX, PyTorch, safetensors or npz</source>
        <translation>将此运行训练好的模型写为 ONNX、PyTorch、safetensors 或 npz</translation>
    </message>
    <message>
        <source>Give the run another name (F2)</source>
        <translation>给运行换个名字（F2）</translation>
    </message>
    <message>
        <source>Remove the selected runs from the log, and optionally their folders (Delete)</source>
        <translation>从日志中删除所选运行，并可选择删除其文件夹（Delete）</translation>
    </message>
</context>
<context>
    <name>strata::ui::RunsTableModel</name>
    <message>
        <source>%1 (epoch %2)</source>
        <translation>%1（第 %2 轮）</translation>
    </message>
    <message>
        <source>%1 @%2</source>
        <translation>%1 @%2</translation>
    </message>
    <message>
        <source>%1: last %2 (epoch %3, step %4); best (%5) %6 at epoch %7, step %8; %9 points</source>
        <translation>%1：最后 %2（第 %3 轮，第 %4 步）；最佳（%5）%6，在第 %7 轮，第 %8 步；共 %9 个点</translation>
    </message>
    <message>
        <source>lowest</source>
        <translation>最低</translation>
    </message>
    <message>
        <source>highest</source>
        <translation>最高</translation>
    </message>
    <message>
        <source>Run %1</source>
        <translation>运行 %1</translation>
    </message>
    <message>
        <source>Lowest value, with the epoch it came at</source>
        <translation>最低值及其所在轮次</translation>
    </message>
    <message>
        <source>Highest value, with the epoch it came at</source>
        <translation>最高值及其所在轮次</translation>
    </message>
    <message>
        <source>Status</source>
        <translation>状态</translation>
    </message>
    <message>
        <source>Name</source>
        <translation>名称</translation>
    </message>
    <message>
        <source>Experiment</source>
        <translation>实验</translation>
    </message>
    <message>
        <source>Project</source>
        <translation>项目</translation>
    </message>
    <message>
        <source>Started</source>
        <translation>开始时间</translation>
    </message>
    <message>
        <source>Duration</source>
        <translation>用时</translation>
    </message>
    <message>
        <source>Device</source>
        <translation>设备</translation>
    </message>
    <message>
        <source>Tags</source>
        <translation>标签</translation>
    </message>
    <message>
        <source>Forked from</source>
        <translation>分叉自</translation>
    </message>
    <message>
        <source>Parameters</source>
        <translation>参数</translation>
    </message>
    <message>
        <source>FLOPs</source>
        <translation>FLOPs</translation>
    </message>
    <message>
        <source>%1 (last)</source>
        <translation>%1（最后）</translation>
    </message>
    <message>
        <source>%1 (best)</source>
        <translation>%1（最佳）</translation>
    </message>
    <message>
        <source>finished</source>
        <translation>已完成</translation>
    </message>
    <message>
        <source>running</source>
        <translation>运行中</translation>
    </message>
    <message>
        <source>stopped</source>
        <translation>已停止</translation>
    </message>
    <message>
        <source>interrupted</source>
        <translation>已中断</translation>
    </message>
    <message>
        <source>failed</source>
        <translation>失败</translation>
    </message>
    <message>
        <source>queued</source>
        <translation>排队中</translation>
    </message>
</context>
<context>
    <name>strata::ui::SampleGrid</name>
    <message>
        <source>#%1  %2
%3%4</source>
        <translation>#%1  %2
%3%4</translation>
    </message>
    <message>
        <source>Sample %1: %2</source>
        <translation>样本 %1：%2</translation>
    </message>
    <message numerus="yes">
        <source>... and %n more</source>
        <translation>
            <numerusform>... 还有 %n 个</numerusform>
        </translation>
    </message>
</context>
<context>
    <name>strata::ui::SchedulePlot</name>
    <message>
        <source>learning rate %1</source>
        <translation>学习率 %1</translation>
    </message>
    <message>
        <source>epoch 1</source>
        <translation>第 1 轮</translation>
    </message>
    <message>
        <source>%1 (lowered when the loss stalls)</source>
        <translation>%1（损失停滞时降低）</translation>
    </message>
</context>
<context>
    <name>strata::ui::SetParamCommand</name>
    <message>
        <source>Set %1 of %2</source>
        <translation>设置 %2 的 %1</translation>
    </message>
    <message numerus="yes">
        <source>Set %1 of %n nodes</source>
        <translation>
            <numerusform>设置 %n 个节点的 %1</numerusform>
        </translation>
    </message>
</context>
<context>
    <name>strata::ui::StartPage</name>
    <message>
        <source>Design neural networks as graphs, train them on any GPU or the CPU, and compare what you trained.</source>
        <translation>以图的形式设计神经网络，在任意 GPU 或 CPU 上训练，并比较训练结果。</translation>
    </message>
    <message>
        <source>Start</source>
        <translation>开始</translation>
    </message>
    <message>
        <source>New Project</source>
        <translation>新建项目</translation>
    </message>
    <message>
        <source>Open Project...</source>
        <translation>打开项目...</translation>
    </message>
    <message>
        <source>Recent</source>
        <translation>最近</translation>
    </message>
    <message>
        <source>Projects you open appear here.</source>
        <translation>打开过的项目会显示在这里。</translation>
    </message>
    <message>
        <source>Examples</source>
        <translation>示例</translation>
    </message>
    <message>
        <source>The networks of the classic tutorials, ready to train. Click one to open it.</source>
        <translation>经典教程中的网络，可直接训练。单击即可打开。</translation>
    </message>
</context>
<context>
    <name>strata::ui::SummaryPanel</name>
    <message>
        <source>Name</source>
        <translation>名称</translation>
    </message>
    <message>
        <source>Type</source>
        <translation>类型</translation>
    </message>
    <message>
        <source>Output</source>
        <translation>输出</translation>
    </message>
    <message>
        <source>Parameters</source>
        <translation>参数</translation>
    </message>
    <message>
        <source>FLOPs</source>
        <translation>FLOPs</translation>
    </message>
    <message>
        <source>Activations</source>
        <translation>激活值</translation>
    </message>
    <message>
        <source>Floating-point operations of the forward pass, per sample</source>
        <translation>前向传播中每个样本的浮点运算次数</translation>
    </message>
    <message>
        <source>Memory of the values kept for the backward pass, at the project&apos;s batch size</source>
        <translation>为反向传播保留的值所占的内存（按项目的批大小计算）</translation>
    </message>
    <message>
        <source>loss</source>
        <translation>损失</translation>
    </message>
    <message>
        <source>&lt;b&gt;Total&lt;/b&gt;: %1 parameters (%2), %3 FLOPs per sample</source>
        <translation>&lt;b&gt;合计&lt;/b&gt;：%1 个参数（%2），每样本 %3 FLOPs</translation>
    </message>
    <message>
        <source>Totals count only the nodes without errors.</source>
        <translation>合计仅统计没有错误的节点。</translation>
    </message>
    <message>
        <source>A training step at batch %1 needs about &lt;b&gt;%2&lt;/b&gt; (weights, gradients, optimizer state, activations).</source>
        <translation>批大小为 %1 时，一个训练步约需 &lt;b&gt;%2&lt;/b&gt;（权重、梯度、优化器状态、激活值）。</translation>
    </message>
    <message>
        <source>A training step at batch %1 needs about &lt;b&gt;%2&lt;/b&gt;, &lt;span style=&apos;color:%3&apos;&gt;&lt;b&gt;more than %4 has (%5)&lt;/b&gt;: lower the batch size&lt;/span&gt;.</source>
        <translation>批大小为 %1 时，一个训练步约需 &lt;b&gt;%2&lt;/b&gt;，&lt;span style=&apos;color:%3&apos;&gt;&lt;b&gt;超出 %4 的内存（%5）&lt;/b&gt;：请减小批大小&lt;/span&gt;。</translation>
    </message>
    <message>
        <source>A training step at batch %1 needs about &lt;b&gt;%2&lt;/b&gt; (weights, gradients, optimizer state, activations); %3 has %4.</source>
        <translation>批大小为 %1 时，一个训练步约需 &lt;b&gt;%2&lt;/b&gt;（权重、梯度、优化器状态、激活值）；%3 的内存为 %4。</translation>
    </message>
    <message>
        <source>Forward</source>
        <translation>前向</translation>
    </message>
    <message>
        <source>Backward</source>
        <translation>反向</translation>
    </message>
    <message>
        <source>Measured time per training step in a run&apos;s first epoch</source>
        <translation>运行第一轮中实测的每个训练步耗时</translation>
    </message>
    <message>
        <source>%1 ms</source>
        <translation>%1 ms</translation>
    </message>
</context>
<context>
    <name>strata::ui::TradeoffPlot</name>
    <message>
        <source>Metric</source>
        <translation>指标</translation>
    </message>
    <message>
        <source>against</source>
        <translation>对比</translation>
    </message>
    <message>
        <source>Log scale</source>
        <translation>对数坐标</translation>
    </message>
    <message>
        <source>Pareto front only</source>
        <translation>只显示帕累托前沿</translation>
    </message>
    <message>
        <source>No run has both values yet.</source>
        <translation>还没有同时具有这两个值的运行。</translation>
    </message>
    <message>
        <source>Parameters</source>
        <translation>参数</translation>
    </message>
    <message>
        <source>FLOPs per sample</source>
        <translation>每样本 FLOPs</translation>
    </message>
    <message>
        <source>Seconds per epoch</source>
        <translation>每轮秒数</translation>
    </message>
    <message>
        <source>%1 (setting)</source>
        <translation>%1（设置）</translation>
    </message>
    <message>
        <source>%1 (best)</source>
        <translation>%1（最佳）</translation>
    </message>
    <message>
        <source> (lowest)</source>
        <translation>（最低）</translation>
    </message>
    <message>
        <source> (highest)</source>
        <translation>（最高）</translation>
    </message>
</context>
<context>
    <name>strata::ui::TrainingDashboard</name>
    <message>
        <source>No run yet: press Run (F5) to train the model on its dataset.</source>
        <translation>尚无运行：按“运行”（F5）在数据集上训练模型。</translation>
    </message>
    <message>
        <source>Smoothing</source>
        <translation>平滑</translation>
    </message>
    <message>
        <source>Exponential moving average of the per-step curves, with bias correction (as TensorBoard&apos;s)</source>
        <translation>对逐步曲线做指数移动平均，并进行偏差修正（与 TensorBoard 相同）</translation>
    </message>
    <message>
        <source>Horizontal axis</source>
        <translation>横轴</translation>
    </message>
    <message>
        <source>Steps</source>
        <translation>步数</translation>
    </message>
    <message>
        <source>Epochs</source>
        <translation>轮次</translation>
    </message>
    <message>
        <source>Log scale (loss)</source>
        <translation>对数坐标（损失）</translation>
    </message>
    <message>
        <source>Export...</source>
        <translation>导出...</translation>
    </message>
    <message>
        <source>Save the charts as PNG or SVG pictures, or their data as CSV</source>
        <translation>将图表保存为 PNG 或 SVG 图片，或将其数据保存为 CSV</translation>
    </message>
    <message>
        <source>Loss</source>
        <translation>损失</translation>
    </message>
    <message>
        <source>Accuracy</source>
        <translation>准确率</translation>
    </message>
    <message>
        <source>Learning rate</source>
        <translation>学习率</translation>
    </message>
    <message>
        <source>training</source>
        <translation>训练</translation>
    </message>
    <message>
        <source>training, epoch</source>
        <translation>训练（每轮）</translation>
    </message>
    <message>
        <source>validation</source>
        <translation>验证</translation>
    </message>
    <message>
        <source>learning rate</source>
        <translation>学习率</translation>
    </message>
    <message>
        <source>Epoch</source>
        <translation>轮次</translation>
    </message>
    <message>
        <source>Val. loss</source>
        <translation>验证损失</translation>
    </message>
    <message>
        <source>Val. accuracy</source>
        <translation>验证准确率</translation>
    </message>
    <message>
        <source>Time</source>
        <translation>用时</translation>
    </message>
    <message>
        <source>Stopped with its checkpoint; Resume continues it (or `strata resume %1`).</source>
        <translation>已停止，检查点已保存；点击“继续”可接着训练（或运行 `strata resume %1`）。</translation>
    </message>
    <message>
        <source>Finished. Test accuracy %1, loss %2 on %3 samples.</source>
        <translation>已完成。测试准确率 %1，损失 %2（%3 个样本）。</translation>
    </message>
    <message>
        <source>Finished. Test MSE %1, MAE %2.</source>
        <translation>已完成。测试 MSE %1，MAE %2。</translation>
    </message>
    <message>
        <source>Finished.</source>
        <translation>已完成。</translation>
    </message>
    <message>
        <source>Failed: %1</source>
        <translation>失败：%1</translation>
    </message>
    <message>
        <source>epoch</source>
        <translation>轮次</translation>
    </message>
    <message>
        <source>step</source>
        <translation>步</translation>
    </message>
    <message>
        <source>Preparing the run: reading the data, compiling the model...</source>
        <translation>正在准备运行：读取数据、编译模型...</translation>
    </message>
    <message>
        <source>Starting...</source>
        <translation>正在启动...</translation>
    </message>
    <message>
        <source>Run</source>
        <translation>运行</translation>
    </message>
    <message>
        <source>Run %1</source>
        <translation>运行 %1</translation>
    </message>
    <message>
        <source> on %1</source>
        <translation>，设备：%1</translation>
    </message>
    <message>
        <source>paused</source>
        <translation>已暂停</translation>
    </message>
    <message>
        <source>epoch %1/%2 · step %3/%4 · %5 samples/s · loss %6</source>
        <translation>第 %1/%2 轮 · 第 %3/%4 步 · %5 样本/秒 · 损失 %6</translation>
    </message>
    <message>
        <source> · accuracy %1</source>
        <translation> · 准确率 %1</translation>
    </message>
    <message>
        <source> · ETA %1</source>
        <translation> · 预计剩余 %1</translation>
    </message>
    <message numerus="yes">
        <source>%n more run(s) queued</source>
        <translation>
            <numerusform>队列中还有 %n 个运行</numerusform>
        </translation>
    </message>
    <message>
        <source>Export the Charts to a Folder</source>
        <translation>将图表导出到文件夹</translation>
    </message>
    <message>
        <source>Stopped before training began; nothing was recorded.</source>
        <translation>在训练开始前已停止；没有记录任何内容。</translation>
    </message>
</context>
<context>
    <name>strata::ui::TrainingPanel</name>
    <message>
        <source>Run</source>
        <translation>运行</translation>
    </message>
    <message>
        <source>Passes over the training data</source>
        <translation>遍历训练数据的次数</translation>
    </message>
    <message>
        <source>Epochs</source>
        <translation>轮数</translation>
    </message>
    <message>
        <source>Samples per step</source>
        <translation>每步的样本数</translation>
    </message>
    <message>
        <source>Batch size</source>
        <translation>批大小</translation>
    </message>
    <message>
        <source>Fraction of the training data held out to validate each epoch (0: none, unless the dataset has a validation set)</source>
        <translation>从训练数据中留出、用于每轮验证的比例（0：不留出，除非数据集自带验证集）</translation>
    </message>
    <message>
        <source>Validation split</source>
        <translation>验证集划分</translation>
    </message>
    <message>
        <source>Visit the training data in a new order each epoch</source>
        <translation>每轮以新的顺序遍历训练数据</translation>
    </message>
    <message>
        <source>Shuffle</source>
        <translation>打乱</translation>
    </message>
    <message>
        <source>Initial weights, data order and dropout all follow from it: the same seed gives the same run</source>
        <translation>初始权重、数据顺序和 Dropout 都由它决定：相同的随机种子得到相同的运行</translation>
    </message>
    <message>
        <source>Seed</source>
        <translation>随机种子</translation>
    </message>
    <message>
        <source>Optimizer</source>
        <translation>优化器</translation>
    </message>
    <message>
        <source>How the weights follow the gradients</source>
        <translation>权重如何根据梯度更新</translation>
    </message>
    <message>
        <source>Step size of each update, e.g. 1e-3 for Adam, 0.01-0.1 for SGD</source>
        <translation>每次更新的步长，例如 Adam 用 1e-3，SGD 用 0.01-0.1</translation>
    </message>
    <message>
        <source>Learning rate</source>
        <translation>学习率</translation>
    </message>
    <message>
        <source>SGD: fraction of the previous update kept (0.9 is usual)</source>
        <translation>SGD：保留上一次更新的比例（通常为 0.9）</translation>
    </message>
    <message>
        <source>Momentum</source>
        <translation>动量</translation>
    </message>
    <message>
        <source>SGD: Nesterov&apos;s look-ahead momentum</source>
        <translation>SGD：Nesterov 前瞻动量</translation>
    </message>
    <message>
        <source>Nesterov</source>
        <translation>Nesterov</translation>
    </message>
    <message>
        <source>Adam: decay of the gradients&apos; running mean</source>
        <translation>Adam：梯度滑动平均的衰减率</translation>
    </message>
    <message>
        <source>Beta 1</source>
        <translation>Beta 1</translation>
    </message>
    <message>
        <source>Adam: decay of the squared gradients&apos; running mean (RMSprop: its smoothing)</source>
        <translation>Adam：梯度平方滑动平均的衰减率（RMSprop：其平滑系数）</translation>
    </message>
    <message>
        <source>Beta 2</source>
        <translation>Beta 2</translation>
    </message>
    <message>
        <source>Added to the denominator for stability</source>
        <translation>加到分母上以保证数值稳定</translation>
    </message>
    <message>
        <source>Epsilon</source>
        <translation>Epsilon</translation>
    </message>
    <message>
        <source>Shrinks the weights each step (AdamW: decoupled)</source>
        <translation>每步按比例缩小权重（AdamW：解耦式）</translation>
    </message>
    <message>
        <source>Weight decay</source>
        <translation>权重衰减</translation>
    </message>
    <message>
        <source>Scale the gradients down when their global norm exceeds this (0: off)</source>
        <translation>梯度的全局范数超过该值时按比例缩小梯度（0：关闭）</translation>
    </message>
    <message>
        <source>Clip gradient norm</source>
        <translation>梯度范数裁剪</translation>
    </message>
    <message>
        <source>Learning rate schedule</source>
        <translation>学习率调度</translation>
    </message>
    <message>
        <source>How the learning rate changes over the run</source>
        <translation>学习率在运行过程中如何变化</translation>
    </message>
    <message>
        <source>Schedule</source>
        <translation>调度方式</translation>
    </message>
    <message>
        <source>Step: epochs between reductions</source>
        <translation>step：每两次降低之间间隔的轮数</translation>
    </message>
    <message>
        <source>Every (epochs)</source>
        <translation>间隔（轮）</translation>
    </message>
    <message>
        <source>Step and exponential: the factor applied</source>
        <translation>step 和 exponential：每次乘以的系数</translation>
    </message>
    <message>
        <source>Gamma</source>
        <translation>Gamma</translation>
    </message>
    <message>
        <source>Plateau: the factor applied when the loss stalls</source>
        <translation>plateau：损失停滞时乘以的系数</translation>
    </message>
    <message>
        <source>Factor</source>
        <translation>系数</translation>
    </message>
    <message>
        <source>Plateau: epochs without improvement before lowering</source>
        <translation>plateau：连续多少轮无改善后降低学习率</translation>
    </message>
    <message>
        <source>Patience</source>
        <translation>耐心值</translation>
    </message>
    <message>
        <source>Cosine and plateau: the lowest rate</source>
        <translation>cosine 和 plateau：学习率的下限</translation>
    </message>
    <message>
        <source>Minimum rate</source>
        <translation>最小学习率</translation>
    </message>
    <message>
        <source>Early stopping</source>
        <translation>早停</translation>
    </message>
    <message>
        <source>Stop when the monitored value stops improving</source>
        <translation>监控的指标不再改善时停止训练</translation>
    </message>
    <message>
        <source>Enabled</source>
        <translation>启用</translation>
    </message>
    <message>
        <source>The value watched each epoch</source>
        <translation>每轮监控的指标</translation>
    </message>
    <message>
        <source>Monitor</source>
        <translation>监控指标</translation>
    </message>
    <message>
        <source>Epochs without improvement before stopping</source>
        <translation>连续多少轮无改善后停止</translation>
    </message>
    <message>
        <source>Smallest change that counts as an improvement</source>
        <translation>视为改善的最小变化量</translation>
    </message>
    <message>
        <source>Minimum change</source>
        <translation>最小变化量</translation>
    </message>
    <message>
        <source>Keep the weights of the best epoch at the end</source>
        <translation>结束时保留最佳轮次的权重</translation>
    </message>
    <message>
        <source>Restore best weights</source>
        <translation>恢复最佳权重</translation>
    </message>
    <message>
        <source>Set %1</source>
        <translation>设置 %1</translation>
    </message>
</context>
</TS>
