<?xml version="1.0" encoding="utf-8"?>
<!DOCTYPE TS>
<TS version="2.1" language="zh_CN">
  <context>
    <name>Accessibility</name>
    <message>
      <source>More tools</source>
      <translation>更多工具</translation>
    </message>
    <message>
      <source>More menus</source>
      <translation>更多菜单</translation>
    </message>
    <message>
      <source>Scroll left</source>
      <translation>向左滚动</translation>
    </message>
    <message>
      <source>Scroll right</source>
      <translation>向右滚动</translation>
    </message>
    <message>
      <source>In the main window</source>
      <translation>在主窗口中</translation>
    </message>
    <message>
      <source>Graph canvas</source>
      <translation>计算图画布</translation>
    </message>
    <message>
      <source>The computation graph. Arrow keys select the nearest card, Shift+A adds an op, C connects the selected card, F2 renames it, Tab moves on</source>
      <translation>计算图。方向键选择最近的卡片，Shift+A 添加运算，C 连接所选卡片，F2 重命名，Tab 移到下一处</translation>
    </message>
    <message>
      <source>{0}: horizontal scroll bar</source>
      <translation>{0}：水平滚动条</translation>
    </message>
    <message>
      <source>{0}: headers</source>
      <translation>{0}：表头</translation>
    </message>
    <message>
      <source>{0}: choices</source>
      <translation>{0}：选项</translation>
    </message>
    <message>
      <source>{0}: clear</source>
      <translation>{0}：清除</translation>
    </message>
    <message>
      <source>Tabs: {0}</source>
      <translation>标签页：{0}</translation>
    </message>
    <message>
      <source>In the {0} panel</source>
      <translation>在“{0}”面板中</translation>
    </message>
    <message>
      <source>{0}: vertical scroll bar</source>
      <translation>{0}：垂直滚动条</translation>
    </message>
  </context>
  <context>
    <name>Actions</name>
    <message>
      <source>&amp;File</source>
      <translation>文件(&amp;F)</translation>
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
      <source>&amp;Insert</source>
      <translation>插入(&amp;I)</translation>
    </message>
    <message>
      <source>&amp;Run</source>
      <translation>运行(&amp;R)</translation>
    </message>
    <message>
      <source>&amp;Help</source>
      <translation>帮助(&amp;H)</translation>
    </message>
    <message>
      <source>Follow the &amp;system</source>
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
      <source>&amp;New</source>
      <translation>新建(&amp;N)</translation>
    </message>
    <message>
      <source>Start an empty graph</source>
      <translation>新建一张空白的图</translation>
    </message>
    <message>
      <source>&amp;Open…</source>
      <translation>打开(&amp;O)…</translation>
    </message>
    <message>
      <source>Open a .bpgraph file</source>
      <translation>打开 .bpgraph 文件</translation>
    </message>
    <message>
      <source>Open &amp;Recent</source>
      <translation>最近打开(&amp;R)</translation>
    </message>
    <message>
      <source>E&amp;xamples</source>
      <translation>示例(&amp;X)</translation>
    </message>
    <message>
      <source>Open the example “%1”</source>
      <translation>打开示例“%1”</translation>
    </message>
    <message>
      <source>Open &amp;Lesson…</source>
      <translation>打开课程(&amp;L)…</translation>
    </message>
    <message>
      <source>Open a lesson file written by a teacher (.lesson)</source>
      <translation>打开老师编写的课程文件（.lesson）</translation>
    </message>
    <message>
      <source>&amp;Save</source>
      <translation>保存(&amp;S)</translation>
    </message>
    <message>
      <source>Save the graph</source>
      <translation>保存这张图</translation>
    </message>
    <message>
      <source>Save &amp;As…</source>
      <translation>另存为(&amp;A)…</translation>
    </message>
    <message>
      <source>Save under a new name</source>
      <translation>用新名字保存</translation>
    </message>
    <message>
      <source>&amp;Export Image…</source>
      <translation>导出图片(&amp;E)…</translation>
    </message>
    <message>
      <source>Export the whole graph as PNG or SVG</source>
      <translation>把整张图导出为 PNG 或 SVG</translation>
    </message>
    <message>
      <source>Expor&amp;t</source>
      <translation>导出(&amp;T)</translation>
    </message>
    <message>
      <source>&amp;PyTorch Script…</source>
      <translation>PyTorch 脚本(&amp;P)…</translation>
    </message>
    <message>
      <source>A standalone Python script that trains this graph with PyTorch</source>
      <translation>用 PyTorch 训练此图的独立 Python 脚本</translation>
    </message>
    <message>
      <source>&amp;Derivation…</source>
      <translation>推导过程(&amp;D)…</translation>
    </message>
    <message>
      <source>Every forward value and chain-rule term, as Markdown or LaTeX</source>
      <translation>每个前向传播值和链式法则项，导出为 Markdown 或 LaTeX</translation>
    </message>
    <message>
      <source>&amp;Close Window</source>
      <translation>关闭窗口(&amp;C)</translation>
    </message>
    <message>
      <source>&amp;Quit</source>
      <translation>退出(&amp;Q)</translation>
    </message>
    <message>
      <source>Close every window and quit</source>
      <translation>关闭所有窗口并退出</translation>
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
      <source>Cu&amp;t</source>
      <translation>剪切(&amp;T)</translation>
    </message>
    <message>
      <source>Cut the selected nodes</source>
      <translation>剪切选中的节点</translation>
    </message>
    <message>
      <source>&amp;Copy</source>
      <translation>复制(&amp;C)</translation>
    </message>
    <message>
      <source>Copy the selected nodes</source>
      <translation>复制选中的节点</translation>
    </message>
    <message>
      <source>&amp;Paste</source>
      <translation>粘贴(&amp;P)</translation>
    </message>
    <message>
      <source>Paste nodes from the clipboard</source>
      <translation>从剪贴板粘贴节点</translation>
    </message>
    <message>
      <source>D&amp;uplicate</source>
      <translation>制作副本(&amp;U)</translation>
    </message>
    <message>
      <source>Duplicate the selected nodes</source>
      <translation>为选中的节点制作副本</translation>
    </message>
    <message>
      <source>&amp;Delete</source>
      <translation>删除(&amp;D)</translation>
    </message>
    <message>
      <source>Delete the selection (and its edges)</source>
      <translation>删除选中的内容（及其边）</translation>
    </message>
    <message>
      <source>Select &amp;All</source>
      <translation>全选(&amp;A)</translation>
    </message>
    <message>
      <source>New from E&amp;xpression…</source>
      <translation>从表达式新建(&amp;X)…</translation>
    </message>
    <message>
      <source>Type a formula such as (a+b)*(b+1) and get its graph</source>
      <translation>输入公式（如 (a+b)*(b+1)），得到它的计算图</translation>
    </message>
    <message>
      <source>&amp;History</source>
      <translation>历史记录(&amp;H)</translation>
    </message>
    <message>
      <source>Show every edit, click one to go back to it</source>
      <translation>显示每一次编辑，点击其中一项即可回到那里</translation>
    </message>
    <message>
      <source>&amp;Fit to Window</source>
      <translation>适合窗口(&amp;F)</translation>
    </message>
    <message>
      <source>Show the whole graph</source>
      <translation>显示整张图</translation>
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
      <source>&amp;Actual Size</source>
      <translation>实际大小(&amp;A)</translation>
    </message>
    <message>
      <source>&amp;Snap to Grid</source>
      <translation>对齐网格(&amp;S)</translation>
    </message>
    <message>
      <source>Drop moved nodes on grid points</source>
      <translation>把移动的节点放在网格点上</translation>
    </message>
    <message>
      <source>&amp;Edge Gradients</source>
      <translation>边的梯度(&amp;E)</translation>
    </message>
    <message>
      <source>Write each edge's weight gradient (∂L/∂w) on the canvas, below its weight</source>
      <translation>在画布上每条边的权重下方写出其权重梯度 (∂L/∂w)</translation>
    </message>
    <message>
      <source>Auto-&amp;Arrange</source>
      <translation>自动排列(&amp;A)</translation>
    </message>
    <message>
      <source>Arrange the nodes in layers, left to right</source>
      <translation>把节点按层从左到右排列</translation>
    </message>
    <message>
      <source>&amp;Theme</source>
      <translation>主题(&amp;T)</translation>
    </message>
    <message>
      <source>&amp;Panels</source>
      <translation>面板(&amp;P)</translation>
    </message>
    <message>
      <source>&amp;Dense Layer…</source>
      <translation>全连接层(&amp;D)…</translation>
    </message>
    <message>
      <source>Neurons reading the selected nodes (or new inputs), one group each</source>
      <translation>读取所选节点（或新输入）的神经元，每个神经元一组</translation>
    </message>
    <message>
      <source>&amp;Group</source>
      <translation>编组(&amp;G)</translation>
    </message>
    <message>
      <source>Put the selected nodes in a group</source>
      <translation>把所选节点放进一个组</translation>
    </message>
    <message>
      <source>&amp;Ungroup</source>
      <translation>取消编组(&amp;U)</translation>
    </message>
    <message>
      <source>Dissolve the groups</source>
      <translation>解散这些组</translation>
    </message>
    <message>
      <source>&amp;Collapse / Expand Group</source>
      <translation>折叠 / 展开组(&amp;C)</translation>
    </message>
    <message>
      <source>Show a group as one block, or open it</source>
      <translation>把组显示为一个方块，或打开它</translation>
    </message>
    <message>
      <source>&amp;Language</source>
      <translation>语言(&amp;L)</translation>
    </message>
    <message>
      <source>&amp;Lessons</source>
      <translation>课程(&amp;L)</translation>
    </message>
    <message>
      <source>Guided lessons: open a graph, look, predict, then see</source>
      <translation>引导式课程：打开一张图，观察，预测，再看结果</translation>
    </message>
    <message>
      <source>The &amp;Lesson</source>
      <translation>课文(&amp;L)</translation>
    </message>
    <message>
      <source>What back-propagation is, step by step</source>
      <translation>一步一步讲解什么是反向传播</translation>
    </message>
    <message>
      <source>&amp;About %1</source>
      <translation>关于 %1(&amp;A)</translation>
    </message>
  </context>
  <context>
    <name>App</name>
    <message>
      <source>the file</source>
      <translation>该文件</translation>
    </message>
    <message>
      <source>Recover unsaved work — %1</source>
      <translation>恢复未保存的工作 — %1</translation>
    </message>
    <message>
      <source>%1 did not close properly last time. Recover this document?</source>
      <translation>%1 上次没有正常关闭。要恢复这个文档吗？</translation>
    </message>
    <message>
      <source>%1 did not close properly last time. Recover these %2 documents?</source>
      <translation>%1 上次没有正常关闭。要恢复这 %2 个文档吗？</translation>
    </message>
    <message>
      <source>Recover</source>
      <translation>恢复</translation>
    </message>
    <message>
      <source>Discard</source>
      <translation>丢弃</translation>
    </message>
    <message>
      <source>Ask Again Later</source>
      <translation>以后再问</translation>
    </message>
  </context>
  <context>
    <name>Canvas</name>
    <message>
      <source>computed</source>
      <translation>已计算</translation>
    </message>
    <message>
      <source>upstream ∂ known</source>
      <translation>上游 ∂ 已知</translation>
    </message>
    <message>
      <source>receives</source>
      <translation>接收</translation>
    </message>
    <message>
      <source>value</source>
      <translation>值</translation>
    </message>
    <message>
      <source>grad</source>
      <translation>梯度</translation>
    </message>
    <message>
      <source>grad mean</source>
      <translation>梯度均值</translation>
    </message>
    <message>
      <source>partial</source>
      <translation>部分和</translation>
    </message>
    <message>
      <source>partial mean</source>
      <translation>部分和均值</translation>
    </message>
    <message>
      <source>column</source>
      <translation>数据列</translation>
    </message>
    <message>
      <source>mean of %1</source>
      <translation>%1 个的均值</translation>
    </message>
    <message>
      <source>loss</source>
      <translation>损失</translation>
    </message>
    <message>
      <source>weight of edge %1: Enter to apply, Esc to cancel</source>
      <translation>边 %1 的权重：按 Enter 应用，按 Esc 取消</translation>
    </message>
    <message>
      <source>edge %1: %2 is not a number; weight unchanged</source>
      <translation>边 %1：%2 不是数；权重未改变</translation>
    </message>
    <message>
      <source>trainable weight %1</source>
      <translation>可训练权重 %1</translation>
    </message>
    <message>
      <source>weight %1</source>
      <translation>权重 %1</translation>
    </message>
    <message>
      <source>edge %1: %2</source>
      <translation>边 %1：%2</translation>
    </message>
    <message>
      <source>(double-click to edit)</source>
      <translation>（双击编辑）</translation>
    </message>
    <message>
      <source>problem: %1</source>
      <translation>问题：%1</translation>
    </message>
    <message>
      <source>output: drag to an input port to connect</source>
      <translation>输出：拖到一个输入端口上进行连接</translation>
    </message>
    <message>
      <source>input %1: takes any number of edges</source>
      <translation>输入 %1：可以接任意多条边</translation>
    </message>
    <message>
      <source>input %1: takes one edge</source>
      <translation>输入 %1：只接一条边</translation>
    </message>
    <message>
      <source>there is no graph</source>
      <translation>没有计算图</translation>
    </message>
    <message>
      <source>not connected: release on an input port to connect</source>
      <translation>未连接：在输入端口上松开即可连接</translation>
    </message>
    <message>
      <source>not connected: release on an output port to connect</source>
      <translation>未连接：在输出端口上松开即可连接</translation>
    </message>
    <message>
      <source>cannot connect: %1</source>
      <translation>无法连接：%1</translation>
    </message>
    <message>
      <source>cannot add a node: there is no op %1</source>
      <translation>无法添加节点：没有运算 %1</translation>
    </message>
    <message>
      <source>data column %1</source>
      <translation>数据列 %1</translation>
    </message>
    <message>
      <source>data column %1 (empty)</source>
      <translation>数据列 %1（空）</translation>
    </message>
    <message>
      <source>data column %1: %2</source>
      <translation>数据列 %1：%2</translation>
    </message>
    <message>
      <source>no value yet</source>
      <translation>尚无值</translation>
    </message>
    <message>
      <source>value: %1</source>
      <translation>值：%1</translation>
    </message>
    <message>
      <source>partial gradient</source>
      <translation>部分梯度</translation>
    </message>
    <message>
      <source>gradient</source>
      <translation>梯度</translation>
    </message>
  </context>
  <context>
    <name>CanvasMenu</name>
    <message>
      <source>&amp;Rename…</source>
      <translation>重命名(&amp;R)…</translation>
    </message>
    <message>
      <source>&amp;Connect To…</source>
      <translation>连接到(&amp;C)…</translation>
    </message>
    <message>
      <source>D&amp;uplicate</source>
      <translation>复制副本(&amp;U)</translation>
    </message>
    <message>
      <source>Set as &amp;Loss</source>
      <translation>设为损失(&amp;L)</translation>
    </message>
    <message>
      <source>&amp;Delete</source>
      <translation>删除(&amp;D)</translation>
    </message>
    <message>
      <source>Edit &amp;Weight…</source>
      <translation>编辑权重(&amp;W)…</translation>
    </message>
    <message>
      <source>&amp;Trainable</source>
      <translation>可训练(&amp;T)</translation>
    </message>
    <message>
      <source>Choose loss node</source>
      <translation>选择损失节点</translation>
    </message>
  </context>
  <context>
    <name>ChainRulePanel</name>
    <message>
      <source>The chain-rule terms appear here, one per edge, as the backward pass runs.</source>
      <translation>反向传播运行时，链式法则的各项会出现在这里，每条边一项。</translation>
    </message>
    <message>
      <source>Step (F10) computes one node at a time in topological order, then walks the backward pass one edge at a time. F5 runs both passes at once.</source>
      <translation>单步（F10）按拓扑顺序一次计算一个节点，然后一次一条边地走完反向传播。F5 一次运行两遍传播。</translation>
    </message>
    <message>
      <source>Play speed (steps per second)</source>
      <translation>播放速度（每秒步数）</translation>
    </message>
    <message>
      <source>Batch:</source>
      <translation>批量：</translation>
    </message>
    <message>
      <source>Click a term to show the walk at that edge</source>
      <translation>点击一项，显示单步执行到那条边时的状态</translation>
    </message>
    <message>
      <source>The node or edge weight whose gradient is expanded into paths</source>
      <translation>要把梯度展开成路径的节点或边权重</translation>
    </message>
    <message>
      <source>&lt;b&gt;All paths to the loss&lt;/b&gt; for</source>
      <translation>&lt;b&gt;到损失的所有路径&lt;/b&gt;，对象：</translation>
    </message>
    <message>
      <source>%1 steps/s</source>
      <translation>%1 步/秒</translation>
    </message>
    <message>
      <source>Ready</source>
      <translation>就绪</translation>
    </message>
    <message>
      <source>Forward pass</source>
      <translation>前向传播</translation>
    </message>
    <message>
      <source>Forward pass done</source>
      <translation>前向传播完成</translation>
    </message>
    <message>
      <source>Backward pass</source>
      <translation>反向传播</translation>
    </message>
    <message>
      <source>Backward pass done</source>
      <translation>反向传播完成</translation>
    </message>
    <message>
      <source>nodes %1 / %2</source>
      <translation>节点 %1 / %2</translation>
    </message>
    <message>
      <source>edges %1 / %2</source>
      <translation>边 %1 / %2</translation>
    </message>
    <message>
      <source>loss node %1</source>
      <translation>损失节点 %1</translation>
    </message>
    <message>
      <source>Edge %1: %2</source>
      <translation>边 %1：%2</translation>
    </message>
    <message>
      <source>Sum rule: %1</source>
      <translation>求和法则：%1</translation>
    </message>
    <message>
      <source>Once the backward pass is done (F5), the chosen gradient appears here as a sum over all paths to the loss of the products of local derivatives.</source>
      <translation>反向传播完成后（F5），所选的梯度会在这里显示为：到损失的所有路径上局部导数之积的总和。</translation>
    </message>
    <message>
      <source>node %1</source>
      <translation>节点 %1</translation>
    </message>
    <message>
      <source>weight of edge %1 (%2 → %3)</source>
      <translation>边 %1 的权重（%2 → %3）</translation>
    </message>
  </context>
  <context>
    <name>ClosedForm</name>
    <message>
      <source>minimum</source>
      <translation>最小值</translation>
    </message>
    <message>
      <source>maximum</source>
      <translation>最大值</translation>
    </message>
    <message>
      <source>L does not depend on %1: every value is as good as any other</source>
      <translation>L 与 %1 无关：任何取值都一样好</translation>
    </message>
    <message>
      <source>L is linear in %1 (%2): dL/d%1 = %3 is never 0, so there is no minimum</source>
      <translation>L 是 %1 的线性函数（%2）：dL/d%1 = %3 永远不为 0，所以没有最小值</translation>
    </message>
    <message>
      <source>L is quadratic in %1 (%2) but opens downward: %3 = 0 at %1 = %4 is a maximum, so there is no minimum</source>
      <translation>L 是 %1 的二次函数（%2），但开口向下：%3 = 0 在 %1 = %4 处取得的是最大值，所以没有最小值</translation>
    </message>
    <message>
      <source>%1; %2 = 0 gives %3 = %4 (L = %5), a minimum</source>
      <translation>%1；令 %2 = 0 得到 %3 = %4（L = %5），是最小值</translation>
    </message>
    <message>
      <source>%1 at %2 = %3 (L = %4)</source>
      <translation>%2 = %3 处的%1（L = %4）</translation>
    </message>
    <message>
      <source>a kink</source>
      <translation>一个折点</translation>
    </message>
    <message>
      <source>stationary points found numerically in [%1, %2]: %3</source>
      <translation>在 [%1, %2] 中数值求得的驻点：%3</translation>
    </message>
    <message>
      <source>no stationary point found numerically in [%1, %2]</source>
      <translation>在 [%1, %2] 中没有数值求得驻点</translation>
    </message>
    <message>
      <source>no closed form: L is not a quadratic function of %1, so dL/d%1 = 0 has no formula solution (use gradient descent)</source>
      <translation>没有闭式解：L 不是 %1 的二次函数，所以 dL/d%1 = 0 没有公式解（请用梯度下降）</translation>
    </message>
  </context>
  <context>
    <name>ClosedFormBox</name>
    <message>
      <source>Closed form (method 1)</source>
      <translation>闭式解（方法一）</translation>
    </message>
    <message>
      <source>The parameter or weight to solve dL/dw = 0 for (others fixed)</source>
      <translation>要解 dL/dw = 0 的参数或权重（其他的保持不变）</translation>
    </message>
    <message>
      <source>Solve</source>
      <translation>求解</translation>
    </message>
    <message>
      <source>Solve dL/dw = 0 for the chosen value, the others fixed</source>
      <translation>对选中的值解 dL/dw = 0，其他值保持不变</translation>
    </message>
    <message>
      <source>Set the derivative to 0 and solve, where L is quadratic.</source>
      <translation>令导数为 0 并求解（L 是二次函数时可以）。</translation>
    </message>
    <message>
      <source>Use this value</source>
      <translation>使用这个值</translation>
    </message>
    <message>
      <source>Set the solved value (one undoable edit)</source>
      <translation>设置解出的值（一次可撤销的编辑）</translation>
    </message>
    <message>
      <source>Solve for</source>
      <translation>求解</translation>
    </message>
    <message>
      <source>no parameters</source>
      <translation>没有参数</translation>
    </message>
    <message>
      <source>Nothing to solve for: the graph has no parameter.</source>
      <translation>没有可求解的：这张图没有参数。</translation>
    </message>
    <message>
      <source>Cannot solve for %1: %2</source>
      <translation>无法对 %1 求解：%2</translation>
    </message>
    <message>
      <source>Use %1</source>
      <translation>使用 %1</translation>
    </message>
    <message>
      <source>(Solved before the last edit: press Solve to recompute.)</source>
      <translation>（这是上次编辑之前的解：按“求解”重新计算。）</translation>
    </message>
  </context>
  <context>
    <name>ClosedFormMenu</name>
    <message>
      <source>Solve in &amp;Closed Form</source>
      <translation>求闭式解(&amp;C)</translation>
    </message>
    <message>
      <source>Method 1: set dL/dw = 0 and solve for the chosen value, the others fixed</source>
      <translation>方法一：令 dL/dw = 0，固定其他值，求解所选的值</translation>
    </message>
    <message>
      <source>&amp;Use the Closed-Form Answer</source>
      <translation>采用闭式解(&amp;U)</translation>
    </message>
    <message>
      <source>Set the solved value (one undoable edit)</source>
      <translation>设为求得的值（一次可撤销的编辑）</translation>
    </message>
    <message>
      <source>The training studio is not available</source>
      <translation>训练工作室不可用</translation>
    </message>
    <message>
      <source>Solve in closed form first (Run ▸ Solve in Closed Form)</source>
      <translation>请先求闭式解（运行 ▸ 求闭式解）</translation>
    </message>
    <message>
      <source>Set {0} to the closed-form answer</source>
      <translation>将 {0} 设为闭式解</translation>
    </message>
    <message>
      <source>&amp;Use the Closed-Form Answer ({0})</source>
      <translation>采用闭式解(&amp;U)（{0}）</translation>
    </message>
  </context>
  <context>
    <name>Commands</name>
    <message>
      <source>Insert Expression %1</source>
      <translation>插入表达式 %1</translation>
    </message>
    <message>
      <source>Delete nothing</source>
      <translation>未删除任何内容</translation>
    </message>
    <message>
      <source>Delete %1</source>
      <translation>删除 %1</translation>
    </message>
    <message>
      <source>Move %1 nodes</source>
      <translation>移动 %1 个节点</translation>
    </message>
    <message>
      <source>Move %1 node</source>
      <translation>移动 %1 个节点</translation>
    </message>
    <message>
      <source>Add</source>
      <translation>添加</translation>
    </message>
    <message>
      <source>Edit %1 of %2</source>
      <translation>编辑 %2 的 %1</translation>
    </message>
    <message>
      <source>Edit %1 of edge %2</source>
      <translation>编辑边 %2 的 %1</translation>
    </message>
    <message>
      <source>Set trained values</source>
      <translation>设置训练得到的值</translation>
    </message>
    <message>
      <source>Paste</source>
      <translation>粘贴</translation>
    </message>
    <message>
      <source>Auto-arrange</source>
      <translation>自动排列</translation>
    </message>
    <message>
      <source>%1 nodes</source>
      <translation>%1 个节点</translation>
    </message>
    <message>
      <source>%1 node</source>
      <translation>%1 个节点</translation>
    </message>
    <message>
      <source>%1 edges</source>
      <translation>%1 条边</translation>
    </message>
    <message>
      <source>%1 edge</source>
      <translation>%1 条边</translation>
    </message>
    <message>
      <source>%1 and %2</source>
      <translation>%1和 %2</translation>
    </message>
    <message>
      <source>Edit %1</source>
      <translation>编辑 %1</translation>
    </message>
    <message>
      <source>Group</source>
      <translation>编组</translation>
    </message>
    <message>
      <source>Ungroup</source>
      <translation>取消编组</translation>
    </message>
    <message>
      <source>Change group</source>
      <translation>修改组</translation>
    </message>
    <message>
      <source>Move edge earlier</source>
      <translation>将边前移</translation>
    </message>
    <message>
      <source>Move edge later</source>
      <translation>将边后移</translation>
    </message>
    <message>
      <source>edge %1 is already the first into %2</source>
      <translation>边 %1 已是进入 %2 的第一条</translation>
    </message>
    <message>
      <source>edge %1 is already the last into %2</source>
      <translation>边 %1 已是进入 %2 的最后一条</translation>
    </message>
  </context>
  <context>
    <name>DataModel</name>
    <message>
      <source>row {row}: predicted class {p}, the target: right</source>
      <translation>第 {row} 行：预测类别 {p}，与目标相同：正确</translation>
    </message>
    <message>
      <source>row {row}: predicted class {p}, the target is {t}: wrong</source>
      <translation>第 {row} 行：预测类别 {p}，目标为 {t}：错误</translation>
    </message>
    <message>
      <source>%1, row %2: %3</source>
      <translation>%1，第 %2 行：%3</translation>
    </message>
    <message>
      <source>predicted</source>
      <translation>预测</translation>
    </message>
    <message>
      <source>%1, row %2: %3 is not a number</source>
      <translation>%1，第 %2 行：%3 不是数字</translation>
    </message>
    <message>
      <source>%1, row %2: must be a finite number</source>
      <translation>%1，第 %2 行：必须是有限的数</translation>
    </message>
    <message>
      <source>Edit data %1, row %2</source>
      <translation>编辑数据 %1，第 %2 行</translation>
    </message>
  </context>
  <context>
    <name>DataTable</name>
    <message>
      <source>Import…</source>
      <translation>导入…</translation>
    </message>
    <message>
      <source>Replace the data with a CSV file's columns</source>
      <translation>用一个 CSV 文件的列替换数据</translation>
    </message>
    <message>
      <source>Generate…</source>
      <translation>生成…</translation>
    </message>
    <message>
      <source>A data set for quick experiments: line with noise, sine, XOR, two moons, circles, spirals, three blobs</source>
      <translation>用于快速实验的数据集：带噪声的直线、正弦、XOR、双月形、同心圆、螺旋、三团点</translation>
    </message>
    <message>
      <source>Add Row</source>
      <translation>添加行</translation>
    </message>
    <message>
      <source>Append a row (a copy of the last one)</source>
      <translation>在末尾添加一行（复制最后一行）</translation>
    </message>
    <message>
      <source>Delete</source>
      <translation>删除</translation>
    </message>
    <message>
      <source>Delete the selected rows</source>
      <translation>删除选中的行</translation>
    </message>
    <message>
      <source>Export…</source>
      <translation>导出…</translation>
    </message>
    <message>
      <source>Save the columns as a CSV file</source>
      <translation>把各列保存为 CSV 文件</translation>
    </message>
    <message>
      <source>%1 rows · columns %2</source>
      <translation>%1 行 · 列 %2</translation>
    </message>
    <message>
      <source>%1 row · columns %2</source>
      <translation>%1 行 · 列 %2</translation>
    </message>
    <message>
      <source>No data set: import a CSV file or generate one.</source>
      <translation>没有数据集：导入一个 CSV 文件或生成一个。</translation>
    </message>
    <message>
      <source>node %1 reads column %2</source>
      <translation>节点 %1 读取列 %2</translation>
    </message>
    <message>
      <source>%1: %2, which the new data does not have</source>
      <translation>%1：%2，而新数据中没有该列</translation>
    </message>
    <message>
      <source>Import CSV</source>
      <translation>导入 CSV</translation>
    </message>
    <message>
      <source>Cannot import %1</source>
      <translation>无法导入 %1</translation>
    </message>
    <message>
      <source>Import %1</source>
      <translation>导入 %1</translation>
    </message>
    <message>
      <source>Column {0} read as classes: {1}</source>
      <translation>列 {0} 按类别读取：{1}</translation>
    </message>
    <message>
      <source>Generate data</source>
      <translation>生成数据</translation>
    </message>
    <message>
      <source>Generate data (%1)</source>
      <translation>生成数据（%1）</translation>
    </message>
    <message>
      <source>Add a data row</source>
      <translation>添加一行数据</translation>
    </message>
    <message>
      <source>A data set needs at least one row</source>
      <translation>数据集至少需要一行</translation>
    </message>
    <message>
      <source>Delete %1 data rows</source>
      <translation>删除 %1 行数据</translation>
    </message>
    <message>
      <source>Delete %1 data row</source>
      <translation>删除 %1 行数据</translation>
    </message>
    <message>
      <source>CSV files (*.csv *.tsv *.txt);;All files (*)</source>
      <translation>CSV 文件 (*.csv *.tsv *.txt);;所有文件 (*)</translation>
    </message>
    <message>
      <source>Export CSV</source>
      <translation>导出 CSV</translation>
    </message>
    <message>
      <source>CSV files (*.csv)</source>
      <translation>CSV 文件 (*.csv)</translation>
    </message>
    <message>
      <source>Cannot write %1</source>
      <translation>无法写入 %1</translation>
    </message>
    <message>
      <source>Exported the data to %1</source>
      <translation>数据已导出到 %1</translation>
    </message>
  </context>
  <context>
    <name>Datasets</name>
    <message>
      <source>Line with noise</source>
      <translation>带噪声的直线</translation>
    </message>
    <message>
      <source>y = slope · x + intercept + noise: linear regression</source>
      <translation>y = 斜率 · x + 截距 + 噪声：线性回归</translation>
    </message>
    <message>
      <source>Points</source>
      <translation>点数</translation>
    </message>
    <message>
      <source>Slope</source>
      <translation>斜率</translation>
    </message>
    <message>
      <source>Intercept</source>
      <translation>截距</translation>
    </message>
    <message>
      <source>Noise (std. dev.)</source>
      <translation>噪声（标准差）</translation>
    </message>
    <message>
      <source>x from</source>
      <translation>x 起点</translation>
    </message>
    <message>
      <source>x to</source>
      <translation>x 终点</translation>
    </message>
    <message>
      <source>Sine wave</source>
      <translation>正弦波</translation>
    </message>
    <message>
      <source>y = amplitude · sin(frequency · x) + noise: a curve a small network can fit</source>
      <translation>y = 振幅 · sin(频率 · x) + 噪声：小型网络可以拟合的曲线</translation>
    </message>
    <message>
      <source>Amplitude</source>
      <translation>振幅</translation>
    </message>
    <message>
      <source>Frequency</source>
      <translation>频率</translation>
    </message>
    <message>
      <source>XOR</source>
      <translation>异或 (XOR)</translation>
    </message>
    <message>
      <source>the four cases of exclusive or: not separable by one line</source>
      <translation>异或的四种情况：无法用一条直线分开</translation>
    </message>
    <message>
      <source>Copies of each case</source>
      <translation>每种情况的副本数</translation>
    </message>
    <message>
      <source>Jitter</source>
      <translation>抖动</translation>
    </message>
    <message>
      <source>Two moons</source>
      <translation>双月形</translation>
    </message>
    <message>
      <source>two interleaving half circles, classes 0 and 1</source>
      <translation>两个交错的半圆，类别 0 和 1</translation>
    </message>
    <message>
      <source>Circles</source>
      <translation>同心圆</translation>
    </message>
    <message>
      <source>a ring around a disc, classes 0 (outer) and 1 (inner)</source>
      <translation>圆盘外围一圈圆环，类别 0（外）和 1（内）</translation>
    </message>
    <message>
      <source>Inner radius</source>
      <translation>内半径</translation>
    </message>
    <message>
      <source>Two spirals</source>
      <translation>双螺旋</translation>
    </message>
    <message>
      <source>two interleaved spirals, classes 0 and 1: hard for a small network</source>
      <translation>两条交错的螺旋线，类别 0 和 1：对小型网络来说很难</translation>
    </message>
    <message>
      <source>Turns</source>
      <translation>圈数</translation>
    </message>
    <message>
      <source>Three blobs</source>
      <translation>三团点</translation>
    </message>
    <message>
      <source>three round clouds, classes 0, 1 and 2 (for cross_entropy)</source>
      <translation>三团圆形点云，类别 0、1 和 2（用于 cross_entropy）</translation>
    </message>
    <message>
      <source>Spread (std. dev.)</source>
      <translation>分散度（标准差）</translation>
    </message>
  </context>
  <context>
    <name>DecisionPlot</name>
    <message>
      <source>Decision regions are for graphs whose prediction reads two data columns (like File ▸ Examples ▸ Three classes, or backprop-studio new --mlp 2,4,1): the input plane coloured by the model's prediction, the data on top.</source>
      <translation>决策区域适用于预测读取两个数据列的图（如 文件 ▸ 示例 ▸ 三个类别，或 backprop-studio new --mlp 2,4,1）：输入平面按模型的预测着色，数据点画在上面。</translation>
    </message>
  </context>
  <context>
    <name>DenseLayerDialog</name>
    <message>
      <source>Insert Dense Layer</source>
      <translation>插入全连接层</translation>
    </message>
    <message>
      <source>{0} selected nodes</source>
      <translation>{0} 个所选节点</translation>
    </message>
    <message>
      <source>Inputs</source>
      <translation>输入</translation>
    </message>
    <message>
      <source>New inputs</source>
      <translation>新输入</translation>
    </message>
    <message>
      <source>Neurons</source>
      <translation>神经元</translation>
    </message>
    <message>
      <source>Activation</source>
      <translation>激活函数</translation>
    </message>
    <message>
      <source>Seed</source>
      <translation>随机种子</translation>
    </message>
  </context>
  <context>
    <name>Docks</name>
    <message>
      <source>History</source>
      <translation>历史记录</translation>
    </message>
    <message>
      <source>Chain Rule</source>
      <translation>链式法则</translation>
    </message>
    <message>
      <source>Step Through</source>
      <translation>单步执行</translation>
    </message>
    <message>
      <source>Training</source>
      <translation>训练</translation>
    </message>
    <message>
      <source>Loss</source>
      <translation>损失</translation>
    </message>
    <message>
      <source>Loss Landscape</source>
      <translation>损失曲面</translation>
    </message>
    <message>
      <source>Data</source>
      <translation>数据</translation>
    </message>
    <message>
      <source>Decision Regions</source>
      <translation>决策区域</translation>
    </message>
  </context>
  <context>
    <name>Document</name>
    <message>
      <source>Untitled</source>
      <translation>未命名</translation>
    </message>
    <message>
      <source>Opened %1</source>
      <translation>已打开 %1</translation>
    </message>
    <message>
      <source>Saved %1</source>
      <translation>已保存 %1</translation>
    </message>
    <message>
      <source>unknown op %1</source>
      <translation>未知的运算 %1</translation>
    </message>
    <message>
      <source>Add %1</source>
      <translation>添加%1</translation>
    </message>
    <message>
      <source>Added %1 %2</source>
      <translation>已添加%1 %2</translation>
    </message>
    <message>
      <source>Cannot connect: %1</source>
      <translation>无法连接：%1</translation>
    </message>
    <message>
      <source>Connect</source>
      <translation>连接</translation>
    </message>
    <message>
      <source>Nudge</source>
      <translation>微移</translation>
    </message>
    <message>
      <source>Set weight of %1 to %2</source>
      <translation>把 %1 的权重设为 %2</translation>
    </message>
    <message>
      <source>evaluation failed: %1</source>
      <translation>求值失败：%1</translation>
    </message>
  </context>
  <context>
    <name>EditActions</name>
    <message>
      <source>Select nodes to copy</source>
      <translation>请选择要复制的节点</translation>
    </message>
    <message>
      <source>Copied %1 node</source>
      <translation>已复制 %1 个节点</translation>
    </message>
    <message>
      <source>Copied %1 nodes</source>
      <translation>已复制 %1 个节点</translation>
    </message>
    <message>
      <source>Cannot paste: %1</source>
      <translation>无法粘贴：%1</translation>
    </message>
    <message>
      <source>Select nodes to duplicate</source>
      <translation>请选择要制作副本的节点</translation>
    </message>
    <message>
      <source>the clipboard</source>
      <translation>剪贴板</translation>
    </message>
    <message>
      <source>is empty</source>
      <translation>为空</translation>
    </message>
    <message>
      <source>does not hold a Backprop Studio graph</source>
      <translation>没有 Backprop Studio 计算图</translation>
    </message>
    <message>
      <source>holds a damaged graph fragment</source>
      <translation>含有损坏的计算图片段</translation>
    </message>
    <message>
      <source>Pasted %1 nodes</source>
      <translation>已粘贴 %1 个节点</translation>
    </message>
    <message>
      <source>Pasted %1 node</source>
      <translation>已粘贴 %1 个节点</translation>
    </message>
    <message>
      <source>Duplicated %1 nodes</source>
      <translation>已复制出 %1 个节点</translation>
    </message>
    <message>
      <source>Duplicated %1 node</source>
      <translation>已复制出 %1 个节点</translation>
    </message>
  </context>
  <context>
    <name>Examples</name>
    <message>
      <source>The chain rule</source>
      <translation>链式法则</translation>
    </message>
    <message>
      <source>c = a + b, d = b + 1, f = c * d with a = 2, b = 1: c = 3, d = 2, f = 6. df/da = df/dc * dc/da = 2 * 1 = 2; two paths leave b, so df/db = 2 * 1 + 3 * 1 = 5.</source>
      <translation>c = a + b，d = b + 1，f = c * d，其中 a = 2，b = 1：c = 3，d = 2，f = 6。df/da = df/dc * dc/da = 2 * 1 = 2；从 b 出发有两条路径，所以 df/db = 2 * 1 + 3 * 1 = 5（求和法则）。</translation>
    </message>
    <message>
      <source>Linear regression</source>
      <translation>线性回归</translation>
    </message>
    <message>
      <source>Fit prediction = w * x + b to eight noisy points of y = 2x + 1 by minimising the mean squared error over the data set.</source>
      <translation>用预测值 = w * x + b 拟合 y = 2x + 1 附近的八个带噪声的点：在整个数据集上最小化均方误差。</translation>
    </message>
    <message>
      <source>Overfitting: a too-flexible model</source>
      <translation>过拟合：过于灵活的模型</translation>
    </message>
    <message>
      <source>Twelve noisy points of a straight line, and a network with 37 trainable values. The last third of the rows is held out (validation fraction 0.33): training never sees them. The training loss keeps falling as the network bends through its 8 points; the held-out loss (dashed) falls, then rises: the model learns the noise.</source>
      <translation>一条直线上的十二个带噪声的点，和一个有 37 个可训练值的网络。最后三分之一的行被留出（验证比例 0.33）：训练从不看到它们。网络弯曲着穿过它的 8 个点，训练损失不断下降；留出数据的损失（虚线）先降后升：模型学到了噪声。</translation>
    </message>
    <message>
      <source>The single weight</source>
      <translation>单个权重</translation>
    </message>
    <message>
      <source>The lesson's first example: input x = 3, truth y = 12, prediction w * x. With w = 2 the prediction is 6 and the squared error is (12 - 6)^2 = 36. The loss is smallest at w = 12 / 3 = 4.</source>
      <translation>课程的第一个例子：输入 x = 3，真实值 y = 12，预测值 w * x。当权重 w = 2 时预测值是 6，平方误差是 (12 - 6)^2 = 36。损失在 w = 12 / 3 = 4 时最小。</translation>
    </message>
    <message>
      <source>Three classes (cross-entropy)</source>
      <translation>三个类别（交叉熵）</translation>
    </message>
    <message>
      <source>Three clouds of points, classes 0, 1 and 2. Four tanh neurons feed three logits, one per class (the order of the edges into the loss is the class order), and cross_entropy turns them into probabilities: loss = mean of -ln softmax(logits)[class]. Train and watch the accuracy and the decision regions.</source>
      <translation>三团点，类别 0、1 和 2。四个 tanh 神经元输出三个 logit，每个类别一个（进入损失函数的边的顺序就是类别顺序），cross_entropy 把它们变成概率：损失 = -ln softmax(logits)[类别] 的平均值。训练并观察准确率和决策区域。</translation>
    </message>
    <message>
      <source>Two minima (random restarts)</source>
      <translation>两个最小值（随机重启）</translation>
    </message>
    <message>
      <source>One weight w and the loss L = (w² − 1)² + 0.3 w: a valley near w = −1.04 (the global minimum, L ≈ −0.31) and a shallower one near w = 0.96 (a local minimum, L ≈ 0.29), separated by a hump at w ≈ 0.08. Training from w = 1.5 rolls into the local minimum. Try: train with 1 restart and look where w ends; then train with 6 restarts (starting values drawn from [−2, 2]) and compare the runs' end points and losses; then solve for w (no closed form: L is not quadratic in w, but the stationary points are listed).</source>
      <translation>一个权重 w，损失 L = (w² − 1)² + 0.3 w：w = −1.04 附近有一个谷（全局最小值，L ≈ −0.31），w = 0.96 附近有一个较浅的谷（局部最小值，L ≈ 0.29），两者之间在 w ≈ 0.08 处隔着一个小山。从 w = 1.5 开始训练会滚进局部最小值。试一试：用 1 次重启训练，看 w 停在哪里；再用 6 次随机重启训练（初始值取自 [−2, 2]），比较各次运行的终点和损失；然后求解 w（没有闭式解：L 不是 w 的二次函数，但会列出驻点）。</translation>
    </message>
    <message>
      <source>XOR network (2-2-1)</source>
      <translation>XOR 网络（2-2-1）</translation>
    </message>
    <message>
      <source>A small neural network: two inputs, two tanh hidden neurons and a sigmoid output neuron. Each neuron is an add node whose incoming edges have trainable weights; biases are parameters. Trained on the four XOR cases.</source>
      <translation>一个小型神经网络：两个输入，两个 tanh 隐藏神经元和一个 sigmoid 输出神经元。每个神经元是一个加法节点，它的输入边带有可训练的权重；偏置是参数。在 XOR 的四种情况上训练。</translation>
    </message>
  </context>
  <context>
    <name>ExportActions</name>
    <message>
      <source>Export PyTorch script</source>
      <translation>导出 PyTorch 脚本</translation>
    </message>
    <message>
      <source>Export derivation</source>
      <translation>导出推导过程</translation>
    </message>
    <message>
      <source>Could not export</source>
      <translation>无法导出</translation>
    </message>
    <message>
      <source>Exported {path}</source>
      <translation>已导出 {path}</translation>
    </message>
    <message>
      <source>Could not write {path}: {why}</source>
      <translation>无法写入 {path}：{why}</translation>
    </message>
  </context>
  <context>
    <name>ExpressionDialog</name>
    <message>
      <source>New from Expression</source>
      <translation>从表达式新建</translation>
    </message>
    <message>
      <source>e.g. (a+b)*(b+1) or tanh(w*x + b)</source>
      <translation>例如 (a+b)*(b+1) 或 tanh(w*x + b)</translation>
    </message>
    <message>
      <source>a=2, b=1 (names not given start at 1)</source>
      <translation>a=2, b=1（未给出的名字从 1 开始）</translation>
    </message>
    <message>
      <source>&amp;Expression:</source>
      <translation>表达式(&amp;E)：</translation>
    </message>
    <message>
      <source>&amp;Values:</source>
      <translation>取值(&amp;V)：</translation>
    </message>
    <message>
      <source>+ − × ÷ with * and /, powers with ^ or **, parentheses, numbers and functions such as sin, exp, log, tanh, sigmoid, relu. Each name becomes a parameter.</source>
      <translation>加减乘除用 + − * /，幂用 ^ 或 **，还有括号、数字和 sin、exp、log、tanh、sigmoid、relu 等函数。每个名字成为一个参数。</translation>
    </message>
    <message>
      <source>Type an expression.</source>
      <translation>请输入一个表达式。</translation>
    </message>
    <message>
      <source>{n} nodes, {e} edges</source>
      <translation>{n} 个节点，{e} 条边</translation>
    </message>
    <message>
      <source>value = {v}</source>
      <translation>值 = {v}</translation>
    </message>
    <message>
      <source>Inserted {text}</source>
      <translation>已插入 {text}</translation>
    </message>
    <message>
      <source>(names already taken: {r})</source>
      <translation>（已被占用的名字：{r}）</translation>
    </message>
  </context>
  <context>
    <name>FileActions</name>
    <message>
      <source>Backprop Studio graphs (*.bpgraph);;All files (*)</source>
      <translation>Backprop Studio 计算图 (*.bpgraph);;所有文件 (*)</translation>
    </message>
    <message>
      <source>Save the changes to “%1” before closing?</source>
      <translation>关闭前保存对“%1”的修改吗？</translation>
    </message>
    <message>
      <source>Your changes will be lost if you don't save them.</source>
      <translation>如果不保存，你的修改将会丢失。</translation>
    </message>
    <message>
      <source>… and %1 more (see Show Details)</source>
      <translation>……还有 %1 项（见“显示详细信息”）</translation>
    </message>
    <message>
      <source>Open graph</source>
      <translation>打开图</translation>
    </message>
    <message>
      <source>New graph: drag ops from the palette, or press Tab on the canvas</source>
      <translation>新图：从运算面板拖出运算，或在画布上按 Tab 键</translation>
    </message>
    <message>
      <source>%1 is already open in this window</source>
      <translation>%1 已在此窗口中打开</translation>
    </message>
    <message>
      <source>Opened %1</source>
      <translation>已打开 %1</translation>
    </message>
    <message>
      <source>Could not open graph</source>
      <translation>无法打开图</translation>
    </message>
    <message>
      <source>Could not open %1:</source>
      <translation>无法打开 %1：</translation>
    </message>
    <message>
      <source>Example: %1 (an untitled copy)</source>
      <translation>示例：%1（未命名的副本）</translation>
    </message>
    <message>
      <source>Save graph as</source>
      <translation>图另存为</translation>
    </message>
    <message>
      <source>Could not save</source>
      <translation>无法保存</translation>
    </message>
    <message>
      <source>Could not save %1:</source>
      <translation>无法保存 %1：</translation>
    </message>
    <message>
      <source>Folder: %1</source>
      <translation>文件夹：%1</translation>
    </message>
    <message>
      <source>Nothing was changed on disk.</source>
      <translation>磁盘上的内容没有任何改变。</translation>
    </message>
    <message>
      <source>Export image</source>
      <translation>导出图片</translation>
    </message>
    <message>
      <source>Could not export</source>
      <translation>无法导出</translation>
    </message>
    <message>
      <source>Could not write %1:</source>
      <translation>无法写入 %1：</translation>
    </message>
    <message>
      <source>Exported %1</source>
      <translation>已导出 %1</translation>
    </message>
    <message>
      <source>could not be read (%1: %2)</source>
      <translation>无法读取（%1：%2）</translation>
    </message>
    <message>
      <source>could not be read (%1)</source>
      <translation>无法读取（%1）</translation>
    </message>
  </context>
  <context>
    <name>GenerateDialog</name>
    <message>
      <source>Generate Data</source>
      <translation>生成数据</translation>
    </message>
    <message>
      <source>Replace the Data</source>
      <translation>替换数据</translation>
    </message>
    <message>
      <source>Data set</source>
      <translation>数据集</translation>
    </message>
    <message>
      <source>%1.</source>
      <translation>%1。</translation>
    </message>
    <message>
      <source>Columns: %1 (the data set is replaced)</source>
      <translation>列：%1（将替换当前数据集）</translation>
    </message>
    <message>
      <source>Seed</source>
      <translation>随机种子</translation>
    </message>
  </context>
  <context>
    <name>GradientCheck</name>
    <message>
      <source>item</source>
      <translation>项</translation>
    </message>
    <message>
      <source>value</source>
      <translation>值</translation>
    </message>
    <message>
      <source>analytic</source>
      <translation>解析梯度</translation>
    </message>
    <message>
      <source>finite difference</source>
      <translation>有限差分</translation>
    </message>
    <message>
      <source>relative error</source>
      <translation>相对误差</translation>
    </message>
    <message>
      <source>note</source>
      <translation>备注</translation>
    </message>
    <message>
      <source>Check &amp;Gradients</source>
      <translation>检查梯度(&amp;G)</translation>
    </message>
    <message>
      <source>Compare every trainable gradient with finite differences</source>
      <translation>将每个可训练量的梯度与有限差分比较</translation>
    </message>
    <message>
      <source>mismatch: the function may bend sharply within the step, or a gradient is wrong</source>
      <translation>不一致：函数可能在步长内急剧弯折，或者某个梯度有误</translation>
    </message>
    <message>
      <source>Check &amp;Again</source>
      <translation>再次检查(&amp;A)</translation>
    </message>
    <message>
      <source>Nothing to check: no parameter and no edge weight is trainable.</source>
      <translation>无可检查：没有可训练的参数或边权重。</translation>
    </message>
    <message>
      <source>The worst gradient of the check</source>
      <translation>本次检查中误差最大的梯度</translation>
    </message>
    <message>
      <source>Gradient Check</source>
      <translation>梯度检查</translation>
    </message>
    <message>
      <source>weight {id} ({a} → {b})</source>
      <translation>权重 {id}（{a} → {b}）</translation>
    </message>
    <message>
      <source>{op} {node!r} gets {x} here, where it has no derivative: the engine uses its slope {slope} there (as PyTorch does), the finite difference sees the average of both sides. Not a bug; move the value off the kink.</source>
      <translation>{op} {node!r} 在此处的输入为 {x}，该点不可导：引擎采用斜率 {slope}（与 PyTorch 相同），而有限差分得到的是两侧的平均值。这不是错误；把值移离折点即可。</translation>
    </message>
    <message>
      <source>parameter {id}</source>
      <translation>参数 {id}</translation>
    </message>
    <message>
      <source>agrees</source>
      <translation>一致</translation>
    </message>
    <message>
      <source>All {n} gradients agree with finite differences (worst relative error {e}, tolerance {t}).</source>
      <translation>全部 {n} 个梯度都与有限差分一致（最大相对误差 {e}，容差 {t}）。</translation>
    </message>
    <message>
      <source>{bad} of {n} gradients disagree (worst: {item}, relative error {e}).</source>
      <translation>{n} 个梯度中有 {bad} 个不一致（最差：{item}，相对误差 {e}）。</translation>
    </message>
    <message>
      <source>Cannot check: {why}</source>
      <translation>无法检查：{why}</translation>
    </message>
  </context>
  <context>
    <name>Graph</name>
    <message>
      <source>edge from missing node %1</source>
      <translation>边的起点节点 %1 不存在</translation>
    </message>
    <message>
      <source>edge to missing node %1</source>
      <translation>边的终点节点 %1 不存在</translation>
    </message>
    <message>
      <source>node %1 (%2) has no inputs</source>
      <translation>节点 %1（%2）没有输入端口</translation>
    </message>
    <message>
      <source>node %1 (%2) needs a port: one of %3</source>
      <translation>节点 %1（%2）需要指定端口：%3 之一</translation>
    </message>
    <message>
      <source>node %1 (%2) has no port %3; its ports are %4</source>
      <translation>节点 %1（%2）没有端口 %3；它的端口是 %4</translation>
    </message>
    <message>
      <source>port %1 of node %2 already has an input (edge %3)</source>
      <translation>节点 %2 的端口 %1 已有输入（边 %3）</translation>
    </message>
    <message>
      <source>an edge from %1 to itself would make a cycle</source>
      <translation>从 %1 连到自身的边会形成环</translation>
    </message>
    <message>
      <source>that edge would make a cycle: %1</source>
      <translation>这条边会形成环：%1</translation>
    </message>
    <message>
      <source>the graph is empty</source>
      <translation>计算图是空的</translation>
    </message>
    <message>
      <source>node %1 (%2) is missing any input</source>
      <translation>节点 %1（%2）缺少输入</translation>
    </message>
    <message>
      <source>node %1 (%2) is missing an input on port %3</source>
      <translation>节点 %1（%2）的端口 %3 缺少输入</translation>
    </message>
    <message>
      <source>node %1 reads data column %2, which the data set does not have</source>
      <translation>节点 %1 读取数据列 %2，但数据集中没有该列</translation>
    </message>
    <message>
      <source>node %1 reads data column %2, which is empty (no rows)</source>
      <translation>节点 %1 读取数据列 %2，但该列是空的（没有行）</translation>
    </message>
    <message>
      <source>node %1 (input) has no value</source>
      <translation>节点 %1（输入）没有值</translation>
    </message>
    <message>
      <source>node %1 (parameter) has no value</source>
      <translation>节点 %1（参数）没有值</translation>
    </message>
    <message>
      <source>node %1 has a batch of %2 values but node %3 has %4</source>
      <translation>节点 %1 的批量有 %2 个值，而节点 %3 有 %4 个</translation>
    </message>
    <message>
      <source>the graph has %1 output nodes; name the loss node (%2)</source>
      <translation>计算图有 %1 个输出节点；请指定损失节点（%2）</translation>
    </message>
    <message>
      <source>loss names missing node %1</source>
      <translation>损失指向的节点 %1 不存在</translation>
    </message>
    <message>
      <source>edge %1: weight must be a finite number, not %2</source>
      <translation>边 %1：权重必须是有限的数，而不是 %2</translation>
    </message>
    <message>
      <source>node %1 (%2) does not take a value</source>
      <translation>节点 %1（%2）不接受值</translation>
    </message>
    <message>
      <source>node %1: a parameter value must be one number</source>
      <translation>节点 %1：参数的值必须是单个数</translation>
    </message>
    <message>
      <source>node %1: a batch needs at least one value</source>
      <translation>节点 %1：批量至少需要一个值</translation>
    </message>
    <message>
      <source>node %1: value must be a finite number, not %2</source>
      <translation>节点 %1：值必须是有限的数，而不是 %2</translation>
    </message>
  </context>
  <context>
    <name>GraphView</name>
    <message>
      <source>An empty graph. Add an op: Shift+A or Space (search), a double-click here, or a drag from the Ops palette. Then drag from a card's right dot to another's left dot to connect them, or select a card and press C.</source>
      <translation>空白的图。添加一个运算：Shift+A 或空格（搜索）、在这里双击，或从运算面板拖入。然后从一张卡片右侧的圆点拖到另一张卡片左侧的圆点来连接它们，或选中一张卡片后按 C。</translation>
    </message>
  </context>
  <context>
    <name>GroupLayer</name>
    <message>
      <source>{0}: {1} nodes, collapsed. Double-click to open it.</source>
      <translation>{0}：{1} 个节点，已折叠。双击展开。</translation>
    </message>
    <message>
      <source>{0} nodes · group</source>
      <translation>{0} 个节点 · 组</translation>
    </message>
    <message>
      <source>{0}: double-click the tab to collapse the group</source>
      <translation>{0}：双击标签折叠该组</translation>
    </message>
  </context>
  <context>
    <name>HelpDialogs</name>
    <message>
      <source>
# Back-propagation, step by step

Each section below is one idea of the lesson, and what to do in Backprop Studio to see it.

## 1. Forward pass: the network makes a guess
A network is a graph. A node is an operation; an edge carries a value from one node to the
next and multiplies it by the edge's **weight** on the way. Evaluating the graph from its
inputs to its output is the *forward pass*; its result is the prediction.

*In the app:* every node shows its value as soon as the graph can be evaluated. Open
**File ▸ Examples ▸ The single weight**: the prediction is `w · x = 2 · 3 = 6`.

## 2. Loss: how good was the guess
The loss compares the prediction with the truth. The mean squared error squares the
difference (so negative and positive errors count alike) and averages over the samples.
With `x = 3`, truth `y = 12` and `w = 2`: `(12 − 6)² = 36`.

*In the app:* the loss is the value of the loss node, shown in the status bar (`L = 36`).
Choose which node is the loss in the inspector ("use as the loss").

## 3. Training: lower the loss by changing the weights
The loss is a curve over the weights. **Method 1** (closed form): solve `dL/dw = 0`; for
`L = (y − w x)²` that gives `w = y / x = 4`. Most losses have no closed form, so
**Method 2**, gradient descent, steps against the gradient again and again:
`w ← w − learning rate · dL/dw`.

*In the app:* the training panel runs gradient descent and plots the loss as it falls.

## 4. The chain rule on a graph
Each node only knows its neighbours, so the derivative of the loss with respect to an early
weight is assembled from local derivatives along the edges. With `c = a + b`, `d = b + 1`,
`f = c · d`, `a = 2`, `b = 1`:

* one path leaves `a`: `df/da = df/dc · dc/da = d · 1 = 2`;
* two paths leave `b`, and their contributions are **summed**:
  `df/db = df/dc · dc/db + df/dd · dd/db = 2 · 1 + 3 · 1 = 5`.

*In the app:* this is the graph you see when the app starts. Step through the backward pass
one edge at a time (Run menu) and watch each product, and the sum where paths meet.

## 5. The cost of back-propagation
Every edge is visited once to get every gradient: the cost grows linearly with the number of
edges.

## 6. Reaching the minimum faster
* **Learning rate**: too small is slow, too large jumps over the minimum.
* **Momentum**: accumulate past gradients; directions that keep flipping cancel out.
* **Batch size**: the whole data set (batch), one random sample (stochastic), or small random
  subsets (mini-batch): cheaper steps, noisier ones.

## 7. Local and global minima
A loss with several minima can trap gradient descent in a local one. **Random restarts**
start again from other random weights and keep the best result.

---
*Editing:* drag ops from the palette (or press **Tab** on the canvas and type), drag from an
output port to an input port to connect, double-click an edge to set its weight, and edit
anything else in the inspector. Every edit can be undone (**Ctrl+Z**).
</source>
      <translation>
# 反向传播，一步一步来

下面每一节讲课程里的一个概念，以及在 Backprop Studio 里怎样亲眼看到它。提示：**帮助 ▸ 课程** 里有带问题的引导式课程。

## 1. 前向传播：网络做出猜测
神经网络是一张图。节点是一个运算；边把一个节点的值传给下一个节点，途中乘以这条边的**权重**。从输入到输出依次计算整张图，就是*前向传播*；它的结果就是预测值。

*在程序里：* 只要图能计算，每个节点都会显示它的值。打开 **文件 ▸ 示例 ▸ 单个权重**：预测值是 `w · x = 2 · 3 = 6`。

## 2. 损失：猜得有多好
损失函数把预测值和真实值作比较。均方误差把差值平方（这样负的误差和正的误差一样计数），再对样本取平均。当 `x = 3`、真实值 `y = 12`、`w = 2` 时：`(12 − 6)² = 36`。

*在程序里：* 损失就是损失节点的值，显示在状态栏里（`L = 36`）。在检查器里选择哪个节点是损失（“用作损失”）。

## 3. 训练：改变权重来降低损失
损失是权重上的一条曲线。**方法一**（闭式解）：解 `dL/dw = 0`；对 `L = (y − w x)²` 得到 `w = y / x = 4`。大多数损失函数没有闭式解，所以用**方法二**，梯度下降，一次又一次地沿梯度的反方向走一步：`w ← w − 学习率 · dL/dw`。

*在程序里：* 训练面板运行梯度下降，并画出损失下降的曲线。

## 4. 图上的链式法则
每个节点只知道它的邻居，所以损失对前面某个权重的导数，是由沿着边的局部导数拼起来的。设 `c = a + b`，`d = b + 1`，`f = c · d`，`a = 2`，`b = 1`：

* 从 `a` 出发只有一条路径：`df/da = df/dc · dc/da = d · 1 = 2`；
* 从 `b` 出发有两条路径，它们的贡献要**相加**（求和法则）：`df/db = df/dc · dc/db + df/dd · dd/db = 2 · 1 + 3 · 1 = 5`。

*在程序里：* 程序启动时看到的就是这张图。一次一条边地单步执行反向传播（运行菜单），看每个乘积，以及路径汇合处的求和。

## 5. 反向传播的代价
为了得到所有梯度，每条边访问一次：代价随边数线性增长。

## 6. 更快地到达最小值
* **学习率**：太小收敛慢，太大会跳过最小值。
* **动量**：累积过去的梯度；来回变号的方向相互抵消。
* **批量大小**：整个数据集（批量）、一个随机样本（随机）或小的随机子集（小批量）：每一步更便宜，但噪声更大。

## 7. 局部最小值与全局最小值
有多个最小值的损失可能把梯度下降困在局部最小值里。**随机重启**从别的随机权重重新开始，保留最好的结果。

---
*编辑：* 从运算面板拖出运算（或在画布上按 **Tab** 键输入名字），从输出端口拖到输入端口来连接，双击一条边设置它的权重，其他的都在检查器里编辑。每一次编辑都可以撤销（**Ctrl+Z**）。
</translation>
    </message>
    <message>
      <source>The lesson — %1</source>
      <translation>课文 — %1</translation>
    </message>
    <message>
      <source>&lt;p&gt;Draw a computation graph and watch back-propagation happen on it: forward values, the backward pass one chain-rule term per edge, and training with gradient descent and live loss plots.&lt;/p&gt;&lt;p&gt;For students and teachers. MIT licence.&lt;/p&gt;</source>
      <translation>&lt;p&gt;画一张计算图，看反向传播在图上发生：前向传播的值、每条边一项链式法则的反向传播，以及带实时损失曲线的梯度下降训练。&lt;/p&gt;&lt;p&gt;为学生和老师而作。MIT 许可证。&lt;/p&gt;</translation>
    </message>
    <message>
      <source>About %1</source>
      <translation>关于 %1</translation>
    </message>
  </context>
  <context>
    <name>Inspector</name>
    <message>
      <source>(none: use the value)</source>
      <translation>（无：使用该值）</translation>
    </message>
    <message>
      <source>(automatic: the only output)</source>
      <translation>（自动：唯一的输出）</translation>
    </message>
    <message>
      <source>Graph</source>
      <translation>图</translation>
    </message>
    <message>
      <source>Title</source>
      <translation>标题</translation>
    </message>
    <message>
      <source>Description</source>
      <translation>描述</translation>
    </message>
    <message>
      <source>Loss node</source>
      <translation>损失节点</translation>
    </message>
    <message>
      <source>Contents</source>
      <translation>内容</translation>
    </message>
    <message>
      <source>Loss L</source>
      <translation>损失 L</translation>
    </message>
    <message>
      <source>Id</source>
      <translation>标识</translation>
    </message>
    <message>
      <source>Op</source>
      <translation>运算</translation>
    </message>
    <message>
      <source>(shows the id)</source>
      <translation>（显示标识）</translation>
    </message>
    <message>
      <source>Label</source>
      <translation>标签</translation>
    </message>
    <message>
      <source>Value</source>
      <translation>值</translation>
    </message>
    <message>
      <source>Data column</source>
      <translation>数据列</translation>
    </message>
    <message>
      <source>changed by training</source>
      <translation>由训练调整</translation>
    </message>
    <message>
      <source>Trainable</source>
      <translation>可训练</translation>
    </message>
    <message>
      <source>Value now</source>
      <translation>当前值</translation>
    </message>
    <message>
      <source>Gradient</source>
      <translation>梯度</translation>
    </message>
    <message>
      <source>Inputs</source>
      <translation>输入</translation>
    </message>
    <message>
      <source>use as the loss (objective)</source>
      <translation>用作损失（目标）</translation>
    </message>
    <message>
      <source>Weight</source>
      <translation>权重</translation>
    </message>
    <message>
      <source>Order</source>
      <translation>顺序</translation>
    </message>
    <message>
      <source>Carries</source>
      <translation>传递</translation>
    </message>
    <message>
      <source>∂L/∂w</source>
      <translation>∂L/∂w</translation>
    </message>
    <message>
      <source>%1 node</source>
      <translation>%1 个节点</translation>
    </message>
    <message>
      <source>%1 nodes</source>
      <translation>%1 个节点</translation>
    </message>
    <message>
      <source>%1 edge</source>
      <translation>%1 条边</translation>
    </message>
    <message>
      <source>%1 edges</source>
      <translation>%1 条边</translation>
    </message>
    <message>
      <source>%1 trainable parameter</source>
      <translation>%1 个可训练参数</translation>
    </message>
    <message>
      <source>%1 trainable parameters</source>
      <translation>%1 个可训练参数</translation>
    </message>
    <message>
      <source>%1 trainable weight</source>
      <translation>%1 个可训练权重</translation>
    </message>
    <message>
      <source>%1 trainable weights</source>
      <translation>%1 个可训练权重</translation>
    </message>
    <message>
      <source>%1 data rows</source>
      <translation>%1 行数据</translation>
    </message>
    <message>
      <source>node %1</source>
      <translation>节点 %1</translation>
    </message>
    <message>
      <source>… and %1 more</source>
      <translation>……还有 %1 项</translation>
    </message>
    <message>
      <source>Cannot evaluate:
• </source>
      <translation>无法计算：
• </translation>
    </message>
    <message>
      <source>%1 items selected.</source>
      <translation>已选择 %1 项。</translation>
    </message>
    <message>
      <source>%1 (missing)</source>
      <translation>%1（缺失）</translation>
    </message>
    <message>
      <source>— (the graph cannot be evaluated)</source>
      <translation>—（这张图无法计算）</translation>
    </message>
  </context>
  <context>
    <name>Keyboard</name>
    <message>
      <source>Up and Down pick a term; Right steps, Left steps back</source>
      <translation>上下键选择一项；右键前进一步，左键后退一步</translation>
    </message>
    <message>
      <source>Next &amp;Pane</source>
      <translation>下一个面板(&amp;P)</translation>
    </message>
    <message>
      <source>Move the focus to the next panel</source>
      <translation>将焦点移到下一个面板</translation>
    </message>
    <message>
      <source>Pre&amp;vious Pane</source>
      <translation>上一个面板(&amp;V)</translation>
    </message>
    <message>
      <source>Move the focus to the previous panel</source>
      <translation>将焦点移到上一个面板</translation>
    </message>
    <message>
      <source>Add &amp;Node…</source>
      <translation>添加节点(&amp;N)…</translation>
    </message>
    <message>
      <source>Search the ops and add one at the cursor (also Space on the canvas)</source>
      <translation>搜索运算并在光标处添加（也可在画布上按空格键）</translation>
    </message>
    <message>
      <source>Re&amp;name…</source>
      <translation>重命名(&amp;N)…</translation>
    </message>
    <message>
      <source>C&amp;onnect To…</source>
      <translation>连接到(&amp;O)…</translation>
    </message>
    <message>
      <source>Connect the selected node's output to an input chosen from a list</source>
      <translation>将所选节点的输出连接到从列表中选择的输入</translation>
    </message>
    <message>
      <source>Select a node to rename it</source>
      <translation>请选择要重命名的节点</translation>
    </message>
  </context>
  <context>
    <name>LandscapeCompute</name>
    <message>
      <source>%1 is not trainable: mark it trainable to plot it</source>
      <translation>%1 不可训练：将其标记为可训练后才能绘制</translation>
    </message>
    <message>
      <source>%1 points (a bigger graph takes longer per point)</source>
      <translation>%1 个点（计算图越大，每个点耗时越长）</translation>
    </message>
    <message>
      <source>closed form: %1</source>
      <translation>闭式解：%1</translation>
    </message>
    <message>
      <source>a %1×%1 grid (a bigger graph takes longer per point)</source>
      <translation>%1×%1 网格（计算图越大，每个点耗时越长）</translation>
    </message>
  </context>
  <context>
    <name>LandscapePlot</name>
    <message>
      <source>The trainable along the horizontal axis</source>
      <translation>横轴上的可训练量</translation>
    </message>
    <message>
      <source>A second trainable: a heat map over both (— for a curve)</source>
      <translation>第二个可训练量：在两者上画热力图（选 — 则画曲线）</translation>
    </message>
    <message>
      <source>L over</source>
      <translation>L 关于</translation>
    </message>
    <message>
      <source>and</source>
      <translation>和</translation>
    </message>
    <message>
      <source>— (a curve)</source>
      <translation>—（曲线）</translation>
    </message>
    <message>
      <source>Mark a parameter or an edge weight as trainable to see its landscape.</source>
      <translation>把一个参数或边权重设为可训练，就能看到它的损失曲面。</translation>
    </message>
    <message>
      <source>Computing the landscape…</source>
      <translation>正在计算损失曲面…</translation>
    </message>
    <message>
      <source>Cannot compute the landscape: %1</source>
      <translation>无法计算损失曲面：%1</translation>
    </message>
    <message>
      <source>L (others fixed)</source>
      <translation>L（其他值固定）</translation>
    </message>
    <message>
      <source>; closed form: %1 = %2</source>
      <translation>；闭式解：%1 = %2</translation>
    </message>
    <message>
      <source>; no closed form (L is not quadratic in it)</source>
      <translation>；没有闭式解（L 对它不是二次的）</translation>
    </message>
    <message>
      <source>%1; lowest on the grid %2 at %3. Dark = low loss; lines: training paths</source>
      <translation>%1；网格上的最低值 %2 在 %3。颜色越深损失越低；线条：训练路径</translation>
    </message>
    <message>
      <source>dots: where the runs ended (★ best)</source>
      <translation>圆点：各次运行结束的位置（★ 最好）</translation>
    </message>
    <message>
      <source>training paths</source>
      <translation>训练路径</translation>
    </message>
  </context>
  <context>
    <name>Language</name>
    <message>
      <source>Language</source>
      <translation>语言</translation>
    </message>
    <message>
      <source>The new language is used from the next window on. Restart Backprop Studio to see it everywhere.</source>
      <translation>新语言将从下一个窗口开始使用。重新启动 Backprop Studio 后所有地方都会使用新语言。</translation>
    </message>
  </context>
  <context>
    <name>LessonPanel</name>
    <message>
      <source>Back-propagation in guided steps: each lesson opens a graph, shows where to look, and asks you to predict before it reveals.</source>
      <translation>一步一步引导你学习反向传播：每节课打开一张图，告诉你该看哪里，先让你预测，再揭晓答案。</translation>
    </message>
    <message>
      <source>Start</source>
      <translation>开始</translation>
    </message>
    <message>
      <source>Open Lesson File…</source>
      <translation>打开课程文件…</translation>
    </message>
    <message>
      <source>Open a lesson written by a teacher (.lesson)</source>
      <translation>打开老师编写的课程（.lesson）</translation>
    </message>
    <message>
      <source>Show me</source>
      <translation>演示给我看</translation>
    </message>
    <message>
      <source>Do this step for me</source>
      <translation>替我完成这一步</translation>
    </message>
    <message>
      <source>Your prediction</source>
      <translation>你的预测</translation>
    </message>
    <message>
      <source>Check</source>
      <translation>检查</translation>
    </message>
    <message>
      <source>All Lessons</source>
      <translation>全部课程</translation>
    </message>
    <message>
      <source>Back</source>
      <translation>上一步</translation>
    </message>
    <message>
      <source>Next</source>
      <translation>下一步</translation>
    </message>
  </context>
  <context>
    <name>LessonPlayer</name>
    <message>
      <source>A shipped lesson could not be loaded: %1</source>
      <translation>无法加载自带的课程：%1</translation>
    </message>
    <message>
      <source>Finished</source>
      <translation>已完成</translation>
    </message>
    <message>
      <source>Under way</source>
      <translation>进行中</translation>
    </message>
    <message>
      <source>Not started</source>
      <translation>未开始</translation>
    </message>
    <message>
      <source>Continue</source>
      <translation>继续</translation>
    </message>
    <message>
      <source>Start</source>
      <translation>开始</translation>
    </message>
    <message>
      <source>Open Lesson</source>
      <translation>打开课程</translation>
    </message>
    <message>
      <source>Lessons (*.lesson *.json)</source>
      <translation>课程 (*.lesson *.json)</translation>
    </message>
    <message>
      <source>Could not open lesson</source>
      <translation>无法打开课程</translation>
    </message>
    <message>
      <source>Could not open the lesson:
%1</source>
      <translation>无法打开这个课程：
%1</translation>
    </message>
    <message>
      <source>Step %1 of %2</source>
      <translation>第 %1 步，共 %2 步</translation>
    </message>
    <message>
      <source>The lesson's graph was not opened: your work stays</source>
      <translation>没有打开课程的图：你的工作保持不变</translation>
    </message>
    <message>
      <source>Done</source>
      <translation>完成</translation>
    </message>
    <message>
      <source>Finish</source>
      <translation>完成</translation>
    </message>
    <message>
      <source>Next</source>
      <translation>下一步</translation>
    </message>
    <message>
      <source>Answer the question first</source>
      <translation>请先回答问题</translation>
    </message>
    <message>
      <source>Do the task first (or press Show me)</source>
      <translation>请先完成任务（或按“演示给我看”）</translation>
    </message>
    <message>
      <source>Lesson finished: %1</source>
      <translation>课程完成：%1</translation>
    </message>
    <message>
      <source>Choose one of the answers.</source>
      <translation>请选择一个答案。</translation>
    </message>
    <message>
      <source>Type a number, e.g. 6, -1.5 or 1/18.</source>
      <translation>请输入一个数，例如 6、-1.5 或 1/18。</translation>
    </message>
    <message>
      <source>Right!</source>
      <translation>答对了！</translation>
    </message>
    <message>
      <source>Not quite. Hint: %1 Try again.</source>
      <translation>不太对。提示：%1 再试一次。</translation>
    </message>
    <message>
      <source>The answer:</source>
      <translation>答案：</translation>
    </message>
    <message>
      <source>Lessons</source>
      <translation>课程</translation>
    </message>
  </context>
  <context>
    <name>LossPlot</name>
    <message>
      <source>iteration</source>
      <translation>迭代</translation>
    </message>
    <message>
      <source>loss L</source>
      <translation>损失 L</translation>
    </message>
    <message>
      <source>Train to see the loss fall here, one curve per run.</source>
      <translation>开始训练，在这里看损失下降，每次运行一条曲线。</translation>
    </message>
    <message>
      <source>Log scale</source>
      <translation>对数坐标</translation>
    </message>
    <message>
      <source>Show the loss on a logarithmic axis (orders of magnitude)</source>
      <translation>用对数坐标轴显示损失（数量级）</translation>
    </message>
    <message>
      <source>Clear</source>
      <translation>清除</translation>
    </message>
    <message>
      <source>Forget every curve (earlier trainings included)</source>
      <translation>清除所有曲线（包括之前的训练）</translation>
    </message>
    <message>
      <source>Fit</source>
      <translation>适合</translation>
    </message>
    <message>
      <source>Show every curve whole</source>
      <translation>完整显示每条曲线</translation>
    </message>
    <message>
      <source>run %1</source>
      <translation>第 %1 次运行</translation>
    </message>
    <message>
      <source> ★ best</source>
      <translation> ★ 最佳</translation>
    </message>
    <message>
      <source> (diverged)</source>
      <translation>（发散）</translation>
    </message>
    <message>
      <source> (stopped)</source>
      <translation>（已停止）</translation>
    </message>
    <message>
      <source> (best of %1)</source>
      <translation>（%1 次中最佳）</translation>
    </message>
    <message>
      <source>{0}, held out</source>
      <translation>{0}，留出数据</translation>
    </message>
    <message>
      <source>losses ≤ 0 are not shown on a log scale</source>
      <translation>对数坐标下不显示 ≤ 0 的损失</translation>
    </message>
  </context>
  <context>
    <name>MainWindow</name>
    <message>
      <source>Ops</source>
      <translation>运算</translation>
    </message>
    <message>
      <source>Inspector</source>
      <translation>检查器</translation>
    </message>
    <message>
      <source>A panel could not be loaded (%1): %2</source>
      <translation>无法加载一个面板（%1）：%2</translation>
    </message>
    <message>
      <source>%1 node</source>
      <translation>%1 个节点</translation>
    </message>
    <message>
      <source>%1 nodes</source>
      <translation>%1 个节点</translation>
    </message>
    <message>
      <source>%1 edge</source>
      <translation>%1 条边</translation>
    </message>
    <message>
      <source>%1 edges</source>
      <translation>%1 条边</translation>
    </message>
    <message>
      <source>The loss, the value of node %1</source>
      <translation>损失，即节点 %1 的值</translation>
    </message>
    <message>
      <source>No recent files</source>
      <translation>没有最近打开的文件</translation>
    </message>
    <message>
      <source>Clear list</source>
      <translation>清空列表</translation>
    </message>
    <message>
      <source>Welcome! This is the lesson's chain-rule example: try Run ▸ Step, or Help ▸ Lessons</source>
      <translation>欢迎！这是课程里链式法则的例子：试试 运行 ▸ 单步，或者 帮助 ▸ 课程</translation>
    </message>
  </context>
  <context>
    <name>OpPalette</name>
    <message>
      <source>Sources</source>
      <translation>数据源</translation>
    </message>
    <message>
      <source>Arithmetic</source>
      <translation>算术</translation>
    </message>
    <message>
      <source>Activations</source>
      <translation>激活函数</translation>
    </message>
    <message>
      <source>Losses</source>
      <translation>损失函数</translation>
    </message>
    <message>
      <source>Filter ops…</source>
      <translation>筛选运算…</translation>
    </message>
    <message>
      <source>Drag onto the canvas, or double-click to add.</source>
      <translation>拖到画布上，或双击添加。</translation>
    </message>
  </context>
  <context>
    <name>OpSearchPopup</name>
    <message>
      <source>Search ops: add, tanh, mse, …</source>
      <translation>搜索运算：add、tanh、mse……</translation>
    </message>
    <message>
      <source>Insert expression  {text}</source>
      <translation>插入表达式  {text}</translation>
    </message>
    <message>
      <source>Add the graph of this expression: one node per name</source>
      <translation>添加这个表达式的计算图：每个名字一个节点</translation>
    </message>
  </context>
  <context>
    <name>Ops</name>
    <message>
      <source>Input</source>
      <translation>输入</translation>
    </message>
    <message>
      <source>a number, a batch of numbers, or a data column</source>
      <translation>一个数、一批数或一个数据列</translation>
    </message>
    <message>
      <source>Feeds a value into the graph: a number, a list (a batch) or a data column.</source>
      <translation>把一个值送入图中：一个数、一个列表（一批）或一个数据列。</translation>
    </message>
    <message>
      <source>Parameter</source>
      <translation>参数</translation>
    </message>
    <message>
      <source>a scalar the training adjusts</source>
      <translation>训练会调整的一个标量</translation>
    </message>
    <message>
      <source>A scalar weight, trainable by default.</source>
      <translation>一个标量权重，默认可训练。</translation>
    </message>
    <message>
      <source>Add</source>
      <translation>加法</translation>
    </message>
    <message>
      <source>in₁ + in₂ + …</source>
      <translation>in₁ + in₂ + …</translation>
    </message>
    <message>
      <source>Sum of its inputs; with trainable edge weights it is a neuron.</source>
      <translation>输入之和；边带上可训练的权重时它就是一个神经元。</translation>
    </message>
    <message>
      <source>Multiply</source>
      <translation>乘法</translation>
    </message>
    <message>
      <source>in₁ × in₂ × …</source>
      <translation>in₁ × in₂ × …</translation>
    </message>
    <message>
      <source>Product of its inputs.</source>
      <translation>输入之积。</translation>
    </message>
    <message>
      <source>Subtract</source>
      <translation>减法</translation>
    </message>
    <message>
      <source>a − b</source>
      <translation>a − b</translation>
    </message>
    <message>
      <source>Divide</source>
      <translation>除法</translation>
    </message>
    <message>
      <source>a / b</source>
      <translation>a / b</translation>
    </message>
    <message>
      <source>Power</source>
      <translation>幂</translation>
    </message>
    <message>
      <source>base ^ exponent</source>
      <translation>底数 ^ 指数</translation>
    </message>
    <message>
      <source>Negate</source>
      <translation>取负</translation>
    </message>
    <message>
      <source>−x</source>
      <translation>−x</translation>
    </message>
    <message>
      <source>Square</source>
      <translation>平方</translation>
    </message>
    <message>
      <source>x²</source>
      <translation>x²</translation>
    </message>
    <message>
      <source>Absolute value</source>
      <translation>绝对值</translation>
    </message>
    <message>
      <source>|x|</source>
      <translation>|x|</translation>
    </message>
    <message>
      <source>Exponential</source>
      <translation>指数函数</translation>
    </message>
    <message>
      <source>eˣ</source>
      <translation>eˣ</translation>
    </message>
    <message>
      <source>Natural log</source>
      <translation>自然对数</translation>
    </message>
    <message>
      <source>ln(x)</source>
      <translation>ln(x)</translation>
    </message>
    <message>
      <source>Sine</source>
      <translation>正弦</translation>
    </message>
    <message>
      <source>sin(x)</source>
      <translation>sin(x)</translation>
    </message>
    <message>
      <source>Cosine</source>
      <translation>余弦</translation>
    </message>
    <message>
      <source>cos(x)</source>
      <translation>cos(x)</translation>
    </message>
    <message>
      <source>Identity</source>
      <translation>恒等</translation>
    </message>
    <message>
      <source>x</source>
      <translation>x</translation>
    </message>
    <message>
      <source>Tanh</source>
      <translation>Tanh</translation>
    </message>
    <message>
      <source>tanh(x)</source>
      <translation>tanh(x)</translation>
    </message>
    <message>
      <source>Sigmoid</source>
      <translation>Sigmoid</translation>
    </message>
    <message>
      <source>σ(x) = 1/(1 + e⁻ˣ)</source>
      <translation>σ(x) = 1/(1 + e⁻ˣ)</translation>
    </message>
    <message>
      <source>ReLU</source>
      <translation>ReLU</translation>
    </message>
    <message>
      <source>max(0, x)</source>
      <translation>max(0, x)</translation>
    </message>
    <message>
      <source>Leaky ReLU</source>
      <translation>Leaky ReLU</translation>
    </message>
    <message>
      <source>x if x &gt; 0 else 0.01·x</source>
      <translation>x &gt; 0 时为 x，否则为 0.01·x</translation>
    </message>
    <message>
      <source>Mean squared error</source>
      <translation>均方误差</translation>
    </message>
    <message>
      <source>mean((prediction − target)²)</source>
      <translation>mean((预测值 − 目标值)²)</translation>
    </message>
    <message>
      <source>Squared error averaged over the batch: the lesson's loss.</source>
      <translation>在批量上取平均的平方误差：课程里用的损失函数。</translation>
    </message>
    <message>
      <source>Binary cross-entropy</source>
      <translation>二元交叉熵</translation>
    </message>
    <message>
      <source>mean(−t·ln p − (1−t)·ln(1−p))</source>
      <translation>mean(−t·ln p − (1−t)·ln(1−p))</translation>
    </message>
    <message>
      <source>For a prediction in (0, 1), e.g. after a sigmoid.</source>
      <translation>用于 (0, 1) 之间的预测值，例如 sigmoid 之后。</translation>
    </message>
    <message>
      <source>Cross-entropy (softmax)</source>
      <translation>交叉熵（softmax）</translation>
    </message>
    <message>
      <source>mean(−ln softmax(logits)[target])</source>
      <translation>mean(−ln softmax(logits)[target])</translation>
    </message>
    <message>
      <source>For k classes: one logit edge per class (edge order = class 0, 1, …), the target is the class index of each sample.</source>
      <translation>k 个类别：每个类别一条 logit 边（边的顺序 = 类别 0、1、…），target 是每个样本的类别索引。</translation>
    </message>
  </context>
  <context>
    <name>Optimizers</name>
    <message>
      <source>Gradient descent (SGD)</source>
      <translation>梯度下降 (SGD)</translation>
    </message>
    <message>
      <source>RMSprop</source>
      <translation>RMSprop</translation>
    </message>
    <message>
      <source>Adam</source>
      <translation>Adam</translation>
    </message>
  </context>
  <context>
    <name>Partial</name>
    <message>
      <source>node %1 waits for %2, which cannot be computed yet</source>
      <translation>节点 %1 在等待 %2，而 %2 还无法计算</translation>
    </message>
    <message>
      <source>node %1 does not lead to the loss %2 (its gradient is 0)</source>
      <translation>节点 %1 不通向损失 %2（它的梯度为 0）</translation>
    </message>
  </context>
  <context>
    <name>PortChooser</name>
    <message>
      <source>Connect to</source>
      <translation>连接到</translation>
    </message>
    <message>
      <source>The input ports this node's output may go into</source>
      <translation>此节点的输出可以接入的输入端口</translation>
    </message>
    <message>
      <source>Connect {0} to:</source>
      <translation>把 {0} 连接到：</translation>
    </message>
  </context>
  <context>
    <name>PredictionPlot</name>
    <message>
      <source>The prediction plot is for graphs with one input column and one target column (like File ▸ Examples ▸ Linear regression): the data, and the model's prediction curve.</source>
      <translation>预测图适用于只有一个输入列和一个目标列的计算图（如 文件 ▸ 示例 ▸ 线性回归）：显示数据和模型的预测曲线。</translation>
    </message>
  </context>
  <context>
    <name>Presentation</name>
    <message>
      <source>&amp;Presentation Mode</source>
      <translation>演示模式(&amp;P)</translation>
    </message>
    <message>
      <source>The canvas alone, full screen and large, for a classroom (Esc leaves)</source>
      <translation>只显示画布，全屏放大，适合课堂（按 Esc 退出）</translation>
    </message>
    <message>
      <source>Leave Presentation Mode</source>
      <translation>退出演示模式</translation>
    </message>
    <message>
      <source>Back to the window with its panels</source>
      <translation>回到带面板的窗口</translation>
    </message>
    <message>
      <source>Presentation mode: Esc leaves</source>
      <translation>演示模式：按 Esc 退出</translation>
    </message>
    <message>
      <source>Presentation mode left</source>
      <translation>已退出演示模式</translation>
    </message>
    <message>
      <source>Plots</source>
      <translation>图表</translation>
    </message>
    <message>
      <source>Show or hide the loss plot and the landscape</source>
      <translation>显示或隐藏损失曲线和损失曲面</translation>
    </message>
    <message>
      <source>Show the training plots</source>
      <translation>显示训练图表</translation>
    </message>
    <message>
      <source>Training plots</source>
      <translation>训练图表</translation>
    </message>
    <message>
      <source>The loss plot and the loss landscape, large</source>
      <translation>放大的损失曲线和损失曲面</translation>
    </message>
    <message>
      <source>Loss</source>
      <translation>损失</translation>
    </message>
    <message>
      <source>Loss Landscape</source>
      <translation>损失曲面</translation>
    </message>
  </context>
  <context>
    <name>PresentationBar</name>
    <message>
      <source>Presentation controls</source>
      <translation>演示控制</translation>
    </message>
    <message>
      <source>The current activity's controls and its term</source>
      <translation>当前活动的控件及其当前项</translation>
    </message>
    <message>
      <source>Current term</source>
      <translation>当前项</translation>
    </message>
    <message>
      <source>Exit (Esc)</source>
      <translation>退出 (Esc)</translation>
    </message>
    <message>
      <source>Leave presentation mode</source>
      <translation>退出演示模式</translation>
    </message>
  </context>
  <context>
    <name>RenameEditor</name>
    <message>
      <source>Node name</source>
      <translation>节点名称</translation>
    </message>
    <message>
      <source>Enter renames the node, Escape cancels</source>
      <translation>按 Enter 重命名节点，按 Esc 取消</translation>
    </message>
  </context>
  <context>
    <name>Render</name>
    <message>
      <source>%1: could not write the PNG (is the folder there and writable?)</source>
      <translation>%1：无法写入 PNG（文件夹是否存在且可写？）</translation>
    </message>
    <message>
      <source>%1: could not write the SVG (folder %2 does not exist)</source>
      <translation>%1：无法写入 SVG（文件夹 %2 不存在）</translation>
    </message>
    <message>
      <source>%1: could not write the SVG (is the folder writable?)</source>
      <translation>%1：无法写入 SVG（文件夹是否可写？）</translation>
    </message>
    <message>
      <source>%1: could not write the SVG</source>
      <translation>%1：无法写入 SVG</translation>
    </message>
  </context>
  <context>
    <name>StepDetail</name>
    <message>
      <source>Iteration</source>
      <translation>迭代</translation>
    </message>
    <message>
      <source>Step training one iteration (Run ▸ Train One Iteration) to see each weight's velocity and update here.</source>
      <translation>单步训练一次迭代（运行 ▸ 训练一次迭代），即可在此看到每个权重的速度和更新量。</translation>
    </message>
    <message>
      <source>every sample</source>
      <translation>全部样本</translation>
    </message>
    <message>
      <source>mean = g</source>
      <translation>平均 = g</translation>
    </message>
    <message>
      <source>a mini-batch of samples {rows}</source>
      <translation>小批量样本 {rows}</translation>
    </message>
    <message>
      <source>Iteration {i} ({opt}, {batch}): batch loss {loss}</source>
      <translation>第 {i} 次迭代（{opt}，{batch}）：批量损失 {loss}</translation>
    </message>
    <message>
      <source>sample {n}</source>
      <translation>样本 {n}</translation>
    </message>
    <message>
      <source>trainable</source>
      <translation>可训练量</translation>
    </message>
    <message>
      <source>before</source>
      <translation>更新前</translation>
    </message>
    <message>
      <source>gradient g</source>
      <translation>梯度 g</translation>
    </message>
    <message>
      <source>velocity v</source>
      <translation>速度 v</translation>
    </message>
    <message>
      <source>update Δ</source>
      <translation>更新量 Δ</translation>
    </message>
    <message>
      <source>after</source>
      <translation>更新后</translation>
    </message>
    <message>
      <source>how</source>
      <translation>计算方式</translation>
    </message>
  </context>
  <context>
    <name>Stepper</name>
    <message>
      <source>&amp;Reset</source>
      <translation>重置(&amp;R)</translation>
    </message>
    <message>
      <source>Reset</source>
      <translation>重置</translation>
    </message>
    <message>
      <source>Clear the walk's values and gradients</source>
      <translation>清除单步执行中的值和梯度</translation>
    </message>
    <message>
      <source>Step B&amp;ack</source>
      <translation>后退一步(&amp;A)</translation>
    </message>
    <message>
      <source>Back</source>
      <translation>后退</translation>
    </message>
    <message>
      <source>Undo the last step</source>
      <translation>撤销上一步</translation>
    </message>
    <message>
      <source>&amp;Play</source>
      <translation>播放(&amp;P)</translation>
    </message>
    <message>
      <source>Play</source>
      <translation>播放</translation>
    </message>
    <message>
      <source>Step automatically (speed in the chain-rule panel)</source>
      <translation>自动单步执行（速度在链式法则面板里设置）</translation>
    </message>
    <message>
      <source>&amp;Step</source>
      <translation>单步(&amp;S)</translation>
    </message>
    <message>
      <source>Step</source>
      <translation>单步</translation>
    </message>
    <message>
      <source>Next node forward, then next edge backward</source>
      <translation>前向传播的下一个节点，然后是反向传播的下一条边</translation>
    </message>
    <message>
      <source>Step F&amp;orward</source>
      <translation>前向单步(&amp;O)</translation>
    </message>
    <message>
      <source>Node</source>
      <translation>节点</translation>
    </message>
    <message>
      <source>Compute the next node (topological order)</source>
      <translation>计算下一个节点（拓扑顺序）</translation>
    </message>
    <message>
      <source>Step Bac&amp;kward</source>
      <translation>反向单步(&amp;K)</translation>
    </message>
    <message>
      <source>Edge</source>
      <translation>边</translation>
    </message>
    <message>
      <source>Apply the next chain-rule term: one edge of the backward pass</source>
      <translation>应用下一个链式法则项：反向传播中的一条边</translation>
    </message>
    <message>
      <source>&amp;Forward Pass</source>
      <translation>前向传播(&amp;F)</translation>
    </message>
    <message>
      <source>Forward</source>
      <translation>前向</translation>
    </message>
    <message>
      <source>Compute every node's value at once</source>
      <translation>一次算出每个节点的值</translation>
    </message>
    <message>
      <source>&amp;Backward Pass</source>
      <translation>反向传播(&amp;B)</translation>
    </message>
    <message>
      <source>Backward</source>
      <translation>反向</translation>
    </message>
    <message>
      <source>Run both passes: every gradient at once</source>
      <translation>运行两遍传播：一次算出所有梯度</translation>
    </message>
    <message>
      <source>Step Collapsed &amp;Groups as One Term</source>
      <translation>把折叠的组作为一项单步执行(&amp;G)</translation>
    </message>
    <message>
      <source>A collapsed group is one chain-rule term (its combined local derivative); off: step through its inside</source>
      <translation>折叠的组是一个链式法则项（它的合并局部导数）；关闭时：逐步走过它的内部</translation>
    </message>
    <message>
      <source> (and %1 more problems)</source>
      <translation>（另有 %1 个问题）</translation>
    </message>
    <message>
      <source>Cannot step through the graph: %1</source>
      <translation>无法单步执行这张图：%1</translation>
    </message>
    <message>
      <source>Cannot step through the graph: evaluation failed: %1</source>
      <translation>无法单步执行这张图：计算失败：%1</translation>
    </message>
    <message>
      <source>Back to the live evaluation</source>
      <translation>回到实时计算</translation>
    </message>
    <message>
      <source>The graph changed, so the walk was reset. Step again to start over.</source>
      <translation>图已改变，所以单步执行被重置了。再按单步重新开始。</translation>
    </message>
  </context>
  <context>
    <name>StructureActions</name>
    <message>
      <source>Group</source>
      <translation>编组</translation>
    </message>
    <message>
      <source>Name of the group:</source>
      <translation>组名：</translation>
    </message>
    <message>
      <source>Ungroup</source>
      <translation>取消编组</translation>
    </message>
    <message>
      <source>Collapse group</source>
      <translation>折叠组</translation>
    </message>
    <message>
      <source>Expand group</source>
      <translation>展开组</translation>
    </message>
    <message>
      <source>Insert dense layer ({0} × {1})</source>
      <translation>插入全连接层（{0} × {1}）</translation>
    </message>
    <message>
      <source>Select the nodes to group</source>
      <translation>请选择要编组的节点</translation>
    </message>
    <message>
      <source>The selection is in no group</source>
      <translation>所选内容不在任何组中</translation>
    </message>
    <message>
      <source>group {0}</source>
      <translation>组 {0}</translation>
    </message>
    <message>
      <source>Group {0}</source>
      <translation>组 {0}</translation>
    </message>
  </context>
  <context>
    <name>Timeline</name>
    <message>
      <source>Restore These Weights</source>
      <translation>恢复这些权重</translation>
    </message>
    <message>
      <source>Make the values of this iteration the graph's (undoable)</source>
      <translation>将这次迭代的值设为计算图的值（可撤销）</translation>
    </message>
    <message>
      <source>Back to Now</source>
      <translation>回到当前</translation>
    </message>
    <message>
      <source>The graph changed since that training: train again</source>
      <translation>训练之后计算图已改变：请重新训练</translation>
    </message>
    <message>
      <source>Iteration {i} of {n}</source>
      <translation>第 {i} 次迭代，共 {n} 次</translation>
    </message>
    <message>
      <source>Restore weights of iteration {i}</source>
      <translation>恢复第 {i} 次迭代的权重</translation>
    </message>
    <message>
      <source>The canvas shows iteration {i}; Back to Now returns to the graph's values</source>
      <translation>画布显示第 {i} 次迭代；“回到当前”恢复计算图的当前值</translation>
    </message>
    <message>
      <source>loss {loss}</source>
      <translation>损失 {loss}</translation>
    </message>
    <message>
      <source>{n} snapshots kept</source>
      <translation>保留了 {n} 个快照</translation>
    </message>
    <message>
      <source>loss {loss} (the end)</source>
      <translation>损失 {loss}（结束）</translation>
    </message>
  </context>
  <context>
    <name>Trainer</name>
    <message>
      <source>loss grew</source>
      <translation>损失变大</translation>
    </message>
    <message>
      <source>diverged</source>
      <translation>发散</translation>
    </message>
    <message>
      <source>stopped</source>
      <translation>已停止</translation>
    </message>
    <message>
      <source>diverged at iteration %1: the loss is no longer a finite number</source>
      <translation>在第 %1 次迭代发散：损失不再是有限的数</translation>
    </message>
    <message>
      <source>the loss is not a finite number at the starting values</source>
      <translation>在初始值处损失不是有限的数</translation>
    </message>
    <message>
      <source>diverged at iteration %1: the values overflowed</source>
      <translation>在第 %1 次迭代发散：数值溢出</translation>
    </message>
    <message>
      <source>the loss grew from %1 to %2: the learning rate is probably too large (the steps jump over the minimum)</source>
      <translation>损失从 %1 增大到 %2：学习率可能太大了（每一步都跳过了最小值）</translation>
    </message>
  </context>
  <context>
    <name>Training</name>
    <message>
      <source>&amp;Train</source>
      <translation>训练(&amp;T)</translation>
    </message>
    <message>
      <source>Train</source>
      <translation>训练</translation>
    </message>
    <message>
      <source>Train with the panel's settings (gradient descent)</source>
      <translation>用面板里的设置训练（梯度下降）</translation>
    </message>
    <message>
      <source>&amp;Pause Training</source>
      <translation>暂停训练(&amp;P)</translation>
    </message>
    <message>
      <source>Pause</source>
      <translation>暂停</translation>
    </message>
    <message>
      <source>Pause or resume training</source>
      <translation>暂停或继续训练</translation>
    </message>
    <message>
      <source>Train One &amp;Iteration</source>
      <translation>训练一次迭代(&amp;I)</translation>
    </message>
    <message>
      <source>Step</source>
      <translation>单步</translation>
    </message>
    <message>
      <source>One iteration of gradient descent (Stop applies the values)</source>
      <translation>梯度下降的一次迭代（按“停止”应用这些值）</translation>
    </message>
    <message>
      <source>St&amp;op Training</source>
      <translation>停止训练(&amp;O)</translation>
    </message>
    <message>
      <source>Stop</source>
      <translation>停止</translation>
    </message>
    <message>
      <source>Stop now and keep the values reached (one undoable edit)</source>
      <translation>立即停止并保留已得到的值（一次可撤销的编辑）</translation>
    </message>
    <message>
      <source>&amp;Reset Weights</source>
      <translation>重置权重(&amp;R)</translation>
    </message>
    <message>
      <source>Reset</source>
      <translation>重置</translation>
    </message>
    <message>
      <source>Put the trainables back to the values before the first run (one undoable edit)</source>
      <translation>将可训练量恢复为首次运行前的值（一次可撤销的编辑）</translation>
    </message>
    <message>
      <source>&amp;Resume Training</source>
      <translation>继续训练(&amp;R)</translation>
    </message>
    <message>
      <source>Resume</source>
      <translation>继续</translation>
    </message>
  </context>
  <context>
    <name>TrainingController</name>
    <message>
      <source>Nothing to reset: no training run yet.</source>
      <translation>没有可重置的：还没有训练过。</translation>
    </message>
    <message>
      <source>The weights are already where the first run began.</source>
      <translation>权重已经处在第一次训练开始时的位置。</translation>
    </message>
    <message>
      <source>Reset weights</source>
      <translation>重置权重</translation>
    </message>
    <message>
      <source>Weights reset to the values before the first run (undo restores them).</source>
      <translation>权重已重置为第一次训练前的值（撤销可恢复）。</translation>
    </message>
    <message>
      <source>Cannot train: %1</source>
      <translation>无法训练：%1</translation>
    </message>
    <message>
      <source>This graph has {0} nodes: while it trains only the loss stays live (status bar and loss card); the canvas shows every value when training ends.</source>
      <translation>这个计算图有 {0} 个节点：训练期间只实时更新损失（状态栏和损失卡片）；训练结束后画布会显示所有值。</translation>
    </message>
    <message>
      <source>This graph takes {0} s to redraw, so while it trains only the loss stays live (status bar and loss card); the canvas shows every value when training ends.</source>
      <translation>此图重绘需要 {0} 秒，所以训练时只有损失保持实时更新（状态栏和损失卡片）；训练结束后画布显示所有值。</translation>
    </message>
    <message>
      <source>Training stopped because the graph was edited; its values were not applied (the loss curves stay on the plot).</source>
      <translation>图被编辑了，训练已停止；训练得到的值没有应用（损失曲线仍留在图上）。</translation>
    </message>
    <message>
      <source>Training stopped before the first iteration: nothing changed.</source>
      <translation>训练在第一次迭代之前就停止了：没有任何改变。</translation>
    </message>
    <message>
      <source>Training failed: %1</source>
      <translation>训练失败：%1</translation>
    </message>
    <message>
      <source>Training ended but its values could not be applied: %1</source>
      <translation>训练结束了，但无法应用得到的值：%1</translation>
    </message>
    <message>
      <source>Note: %1.</source>
      <translation>注意：%1。</translation>
    </message>
    <message>
      <source>Stopped: %1, %2 iterations%3; final loss %4</source>
      <translation>已停止：%1，%2 次迭代%3；最终损失 %4</translation>
    </message>
    <message>
      <source>Trained: %1, %2 iterations%3; final loss %4</source>
      <translation>训练完成：%1，%2 次迭代%3；最终损失 %4</translation>
    </message>
    <message>
      <source>, best of %1 runs (run %2)</source>
      <translation>，%1 次运行中的最佳（第 %2 次）</translation>
    </message>
    <message>
      <source>, held-out loss %1</source>
      <translation>，留出集损失 %1</translation>
    </message>
    <message>
      <source>, accuracy %1</source>
      <translation>，准确率 %1</translation>
    </message>
    <message>
      <source> (the values did not change)</source>
      <translation>（值没有变化）</translation>
    </message>
    <message>
      <source>Store training settings</source>
      <translation>保存训练设置</translation>
    </message>
    <message>
      <source>Train (%1, %2 it)</source>
      <translation>训练（%1，%2 次迭代）</translation>
    </message>
    <message>
      <source>; the values could not be applied (see the message before)</source>
      <translation>；无法应用这些值（见前一条消息）</translation>
    </message>
    <message>
      <source>. Undo restores the previous values.</source>
      <translation>。撤销可恢复之前的值。</translation>
    </message>
    <message>
      <source>run %1 of %2</source>
      <translation>第 %1 次运行，共 %2 次</translation>
    </message>
    <message>
      <source>iteration %1 of %2</source>
      <translation>第 %1 次迭代，共 %2 次</translation>
    </message>
    <message>
      <source>loss %1</source>
      <translation>损失 %1</translation>
    </message>
  </context>
  <context>
    <name>TrainingPanel</name>
    <message>
      <source>Full batch</source>
      <translation>全批量</translation>
    </message>
    <message>
      <source>Mini-batch</source>
      <translation>小批量</translation>
    </message>
    <message>
      <source>Stochastic</source>
      <translation>随机</translation>
    </message>
    <message>
      <source>The factor on the gradient: w ← w − learning rate · dL/dw</source>
      <translation>梯度前的系数：w ← w − 学习率 · dL/dw</translation>
    </message>
    <message>
      <source>How much of the previous step is kept (0 = plain descent)</source>
      <translation>保留上一步的多少（0 = 普通梯度下降）</translation>
    </message>
    <message>
      <source>Nesterov</source>
      <translation>Nesterov</translation>
    </message>
    <message>
      <source>Look-ahead momentum (sgd only)</source>
      <translation>前瞻动量（仅 sgd）</translation>
    </message>
    <message>
      <source>Full batch: every sample each step. Mini-batch: a random subset each step, reshuffled each epoch. Stochastic: one sample each step.</source>
      <translation>全批量：每一步用所有样本。小批量：每一步用一个随机子集，每个轮次重新打乱。随机：每一步用一个样本。</translation>
    </message>
    <message>
      <source>size </source>
      <translation>大小 </translation>
    </message>
    <message>
      <source>Runs: the first from the current values, the others random</source>
      <translation>运行次数：第一次从当前值开始，其余从随机值开始</translation>
    </message>
    <message>
      <source>from</source>
      <translation>从</translation>
    </message>
    <message>
      <source>Where the random restarts draw their starting values</source>
      <translation>随机重启抽取初始值的范围</translation>
    </message>
    <message>
      <source>none</source>
      <translation>无</translation>
    </message>
    <message>
      <source>Share of the data rows held out of training (the last rows, in file order); their loss is drawn dashed beside the training loss</source>
      <translation>不参与训练的数据行比例（按文件顺序的最后几行）；它们的损失以虚线画在训练损失旁边</translation>
    </message>
    <message>
      <source>The same seed repeats a run exactly</source>
      <translation>相同的随机种子会完全重复一次运行</translation>
    </message>
    <message>
      <source>Values before the first run</source>
      <translation>第一次训练前的值</translation>
    </message>
    <message>
      <source>Current values</source>
      <translation>当前值</translation>
    </message>
    <message>
      <source>Train from</source>
      <translation>训练起点</translation>
    </message>
    <message>
      <source>Values before the first run: every run of a comparison starts in the same place (Clear on the loss plot starts a new comparison). Current values: continue from where the last run ended.</source>
      <translation>第一次训练前的值：一组比较中的每次训练都从同一处开始（在损失图上点“清除”开始新的比较）。当前值：从上次训练结束的地方继续。</translation>
    </message>
    <message>
      <source>Optimizer</source>
      <translation>优化器</translation>
    </message>
    <message>
      <source>Learning rate</source>
      <translation>学习率</translation>
    </message>
    <message>
      <source>Momentum</source>
      <translation>动量</translation>
    </message>
    <message>
      <source>Batch</source>
      <translation>批量</translation>
    </message>
    <message>
      <source>Iterations</source>
      <translation>迭代次数</translation>
    </message>
    <message>
      <source>Seed</source>
      <translation>种子</translation>
    </message>
    <message>
      <source>Restarts</source>
      <translation>随机重启</translation>
    </message>
    <message>
      <source>to</source>
      <translation>到</translation>
    </message>
    <message>
      <source>Held out</source>
      <translation>留出</translation>
    </message>
    <message>
      <source>Settings</source>
      <translation>设置</translation>
    </message>
    <message>
      <source>Ready to train.</source>
      <translation>可以开始训练。</translation>
    </message>
    <message>
      <source>Run</source>
      <translation>运行</translation>
    </message>
    <message>
      <source>Final loss</source>
      <translation>最终损失</translation>
    </message>
    <message>
      <source>Ended at</source>
      <translation>结束位置</translation>
    </message>
    <message>
      <source> (and %1 more)</source>
      <translation>（另有 %1 个）</translation>
    </message>
    <message>
      <source>The file's training settings: %1%2; the panel shows what will be used.</source>
      <translation>文件中的训练设置：%1%2；面板上显示的是将要使用的值。</translation>
    </message>
    <message>
      <source>No data set: every step uses the whole graph.</source>
      <translation>没有数据集：每一步都使用整张图。</translation>
    </message>
    <message>
      <source>%1 samples in the data set</source>
      <translation>数据集中有 %1 个样本</translation>
    </message>
    <message>
      <source>%1 sample in the data set</source>
      <translation>数据集中有 %1 个样本</translation>
    </message>
    <message>
      <source>Adam has its own momentum (β₁ = 0.9): this setting is not used</source>
      <translation>Adam 有自己的动量（β₁ = 0.9）：这个设置不会被使用</translation>
    </message>
    <message>
      <source>No data set: {0} needs data samples to pick from, so every step uses the whole graph (the same as full batch). Add data in the Data panel.</source>
      <translation>没有数据集：{0} 需要从数据样本中抽取，所以每一步都使用整个图（与批量相同）。请在“数据”面板中添加数据。</translation>
    </message>
    <message>
      <source>Training: %1</source>
      <translation>正在训练：%1</translation>
    </message>
    <message>
      <source>Finished</source>
      <translation>完成</translation>
    </message>
    <message>
      <source>Stopped</source>
      <translation>已停止</translation>
    </message>
    <message>
      <source>Discarded</source>
      <translation>已放弃</translation>
    </message>
    <message>
      <source>%1 after %2 of %3 iterations (%4).</source>
      <translation>%1：%3 次迭代中进行了 %2 次（%4）。</translation>
    </message>
    <message>
      <source>Ended</source>
      <translation>已结束</translation>
    </message>
    <message>
      <source>not a number</source>
      <translation>不是数</translation>
    </message>
    <message>
      <source>Final loss %1</source>
      <translation>最终损失 %1</translation>
    </message>
    <message>
      <source>(the best of %1 runs: run %2)</source>
      <translation>（%1 次运行中最好的：第 %2 次）</translation>
    </message>
    <message>
      <source>Not applied: the graph was edited.</source>
      <translation>没有应用：图已被编辑。</translation>
    </message>
    <message>
      <source>Held-out loss &lt;b&gt;{0}&lt;/b&gt;</source>
      <translation>留出数据的损失 &lt;b&gt;{0}&lt;/b&gt;</translation>
    </message>
    <message>
      <source>Accuracy &lt;b&gt;{0:.1%}&lt;/b&gt;</source>
      <translation>准确率 &lt;b&gt;{0:.1%}&lt;/b&gt;</translation>
    </message>
    <message>
      <source>(held out: {0:.1%})</source>
      <translation>（留出数据：{0:.1%}）</translation>
    </message>
  </context>
  <context>
    <name>TrainingStudio</name>
    <message>
      <source>The loss, the value of node {0}</source>
      <translation>损失，即节点 {0} 的值</translation>
    </message>
  </context>
  <context>
    <name>ValueText</name>
    <message>
      <source>a parameter holds one number</source>
      <translation>参数只能是一个数</translation>
    </message>
    <message>
      <source>%1 is not a number</source>
      <translation>%1 不是数字</translation>
    </message>
    <message>
      <source>%1 is not a finite number</source>
      <translation>%1 不是有限的数</translation>
    </message>
  </context>
  <context>
    <name>ViewActions</name>
    <message>
      <source>Arranged the graph in layers (one undo step)</source>
      <translation>已把图按层排列（一步撤销）</translation>
    </message>
  </context>
  <context>
    <name>ViewKeys</name>
    <message>
      <source>Nothing {0} can connect to: every input is taken or would make a cycle</source>
      <translation>{0} 没有可连接的地方：每个输入都已被占用，或会形成环</translation>
    </message>
  </context>
  <context>
    <name>Walk</name>
    <message>
      <source>Forward: %1</source>
      <translation>前向传播：%1</translation>
    </message>
    <message>
      <source>loss %1</source>
      <translation>损失 %1</translation>
    </message>
    <message>
      <source>%1 = %2 is known</source>
      <translation>%1 = %2 已知</translation>
    </message>
    <message>
      <source>%1 = %2 is now final</source>
      <translation>%1 = %2 现在已是最终值</translation>
    </message>
    <message>
      <source>%1 so far = %2 (more edges leave %3)</source>
      <translation>%1 目前 = %2（从 %3 出发还有别的边）</translation>
    </message>
    <message>
      <source>Backward, edge %1 (%2 → %3): %4; %5.</source>
      <translation>反向传播，边 %1（%2 → %3）：%4；%5。</translation>
    </message>
    <message>
      <source>Edges visited: %1 / %2</source>
      <translation>已访问的边：%1 / %2</translation>
    </message>
    <message>
      <source>(engine: %1, each edge once: linear cost)</source>
      <translation>（引擎：%1，每条边一次：线性代价）</translation>
    </message>
    <message>
      <source>Pass time: forward %1, backward %2 (trace recorded)</source>
      <translation>传播用时：前向 %1，反向 %2（记录了轨迹）</translation>
    </message>
    <message>
      <source>Σ batch = %1</source>
      <translation>对批量求和 = %1</translation>
    </message>
    <message>
      <source>Σ batch</source>
      <translation>对批量求和</translation>
    </message>
    <message>
      <source>parameter</source>
      <translation>参数</translation>
    </message>
    <message>
      <source>data column %1</source>
      <translation>数据列 %1</translation>
    </message>
    <message>
      <source>input</source>
      <translation>输入</translation>
    </message>
    <message>
      <source>sample %1 of %2</source>
      <translation>第 %1 个样本，共 %2 个</translation>
    </message>
  </context>
  <context>
    <name>Worker</name>
    <message>
      <source>lr %1</source>
      <translation>学习率 %1</translation>
    </message>
    <message>
      <source>m %1</source>
      <translation>动量 %1</translation>
    </message>
    <message>
      <source>nesterov</source>
      <translation>nesterov</translation>
    </message>
    <message>
      <source>batch</source>
      <translation>批量</translation>
    </message>
    <message>
      <source>stochastic</source>
      <translation>随机</translation>
    </message>
    <message>
      <source>mini-batch %1</source>
      <translation>小批量 %1</translation>
    </message>
  </context>
  <context>
    <name>Workspaces</name>
    <message>
      <source>&amp;Build</source>
      <translation>构建(&amp;B)</translation>
    </message>
    <message>
      <source>Draw the graph: the op palette and the inspector</source>
      <translation>绘制计算图：运算面板和检查器</translation>
    </message>
    <message>
      <source>&amp;Step</source>
      <translation>单步(&amp;S)</translation>
    </message>
    <message>
      <source>Step through the passes: the chain-rule terms</source>
      <translation>单步执行前向和反向传播：链式法则的各项</translation>
    </message>
    <message>
      <source>&amp;Train</source>
      <translation>训练(&amp;T)</translation>
    </message>
    <message>
      <source>Train the parameters: settings, loss, landscape and data</source>
      <translation>训练参数：设置、损失、损失曲面和数据</translation>
    </message>
    <message>
      <source>Build</source>
      <translation>构建</translation>
    </message>
    <message>
      <source>Step</source>
      <translation>单步</translation>
    </message>
    <message>
      <source>Train</source>
      <translation>训练</translation>
    </message>
    <message>
      <source>&amp;Workspace</source>
      <translation>工作区(&amp;W)</translation>
    </message>
    <message>
      <source>&amp;Reset Layout</source>
      <translation>重置布局(&amp;R)</translation>
    </message>
    <message>
      <source>Arrange the current workspace's panels as they were at first</source>
      <translation>将当前工作区的面板恢复为初始布局</translation>
    </message>
    <message>
      <source>Workspace</source>
      <translation>工作区</translation>
    </message>
    <message>
      <source>Choose the activity: build, step or train</source>
      <translation>选择活动：构建、单步或训练</translation>
    </message>
    <message>
      <source>Workspaces</source>
      <translation>工作区</translation>
    </message>
    <message>
      <source>Workspace: {0}</source>
      <translation>工作区：{0}</translation>
    </message>
  </context>
  <context>
    <name>_EdgeOrderRow</name>
    <message>
      <source>Move this edge earlier (a lower class index)</source>
      <translation>把这条边前移（更小的类别索引）</translation>
    </message>
    <message>
      <source>Move this edge later (a higher class index)</source>
      <translation>把这条边后移（更大的类别索引）</translation>
    </message>
    <message>
      <source>class {0} of {1}</source>
      <translation>第 {0} 类，共 {1} 类</translation>
    </message>
    <message>
      <source>input {0} of {1}</source>
      <translation>第 {0} 个输入，共 {1} 个</translation>
    </message>
  </context>
  <context>
    <name>autosave</name>
    <message>
      <source>Autosave failed: %1</source>
      <translation>自动保存失败：%1</translation>
    </message>
    <message>
      <source>Autosave to %1 failed: %2</source>
      <translation>自动保存到 %1 失败：%2</translation>
    </message>
    <message>
      <source>Untitled</source>
      <translation>未命名</translation>
    </message>
    <message>
      <source>%1 (autosaved %2)</source>
      <translation>%1（自动保存于 %2）</translation>
    </message>
    <message>
      <source>Recovered {0} as an untitled document (its folder is unknown)</source>
      <translation>已将 {0} 恢复为未命名文档（不知道它所在的文件夹）</translation>
    </message>
    <message>
      <source>Recovered %1</source>
      <translation>已恢复 %1</translation>
    </message>
  </context>
</TS>
