<?xml version="1.0" encoding="utf-8"?>
<!DOCTYPE TS>
<TS version="2.1" language="ko" sourcelanguage="en">
<context>
    <name>App</name>
    <message>
        <source>{}

digitpad carries on.</source>
        <translation>{}

digitpad는 계속 실행됩니다.</translation>
    </message>
    <message>
        <source>Language</source>
        <translation>언어</translation>
    </message>
    <message>
        <source>The translation for {} could not be loaded.</source>
        <translation>{} 번역 파일을 불러올 수 없습니다.</translation>
    </message>
</context>
<context>
    <name>ChartExplain</name>
    <message>
        <source>How wrong the network still is on the images it learns from, while it learns (training loss). Lower is better. Each point is the average of about the last {} images, so the line is smooth (a moving average).</source>
        <translation>신경망이 배우는 동안, 배우고 있는 이미지를 아직 얼마나 틀리는지 보여 줍니다(훈련 손실). 낮을수록 좋습니다. 각 점은 최근 약 {}개 이미지의 평균이라 곡선이 매끄럽습니다(이동 평균).</translation>
    </message>
    <message>
        <source>The share of the images it learns from that it gets right, while it learns (training accuracy). Each point is the average of about the last {} images (a moving average).</source>
        <translation>신경망이 배우는 동안, 배우고 있는 이미지 가운데 맞히는 비율입니다(훈련 정확도). 각 점은 최근 약 {}개 이미지의 평균입니다(이동 평균).</translation>
    </message>
    <message>
        <source>After each pass over all training images (an epoch). Solid: how wrong it is on the images it learns from (training loss). Dashed: on images kept aside that it never learns from (validation loss). If the dashed line climbs while the solid one keeps falling, the network is learning its training images by heart instead of learning digits (overfitting).</source>
        <translation>훈련 이미지를 한 번 다 본 뒤마다(에포크) 잽니다. 실선: 배우는 이미지를 얼마나 틀리는지(훈련 손실). 점선: 따로 떼어 두고 한 번도 배우지 않는 이미지를 얼마나 틀리는지(검증 손실). 실선은 계속 내려가는데 점선이 올라가면, 신경망이 숫자를 배우는 대신 훈련 이미지를 통째로 외우고 있는 것입니다(과적합).</translation>
    </message>
    <message>
        <source>After each pass over all training images (an epoch). Solid: the share it gets right of the images it learns from (training accuracy). Dashed: of the images kept aside (validation accuracy). A growing gap between them means it learns by heart (overfitting).</source>
        <translation>훈련 이미지를 한 번 다 본 뒤마다(에포크) 잽니다. 실선: 배우는 이미지 가운데 맞히는 비율(훈련 정확도). 점선: 따로 떼어 둔 이미지 가운데 맞히는 비율(검증 정확도). 둘 사이의 차이가 커지면 통째로 외우고 있다는 뜻입니다(과적합).</translation>
    </message>
    <message>
        <source>overfitting: the gap grows</source>
        <translation>과적합: 차이가 커집니다</translation>
    </message>
    <message>
        <source>After epoch {}, the validation loss rose two epochs in a row while the training loss kept falling: the network is learning its training images by heart (overfitting). Dropout, L2, more images, augmentation or early stopping help.</source>
        <translation>{} 에포크 뒤로, 훈련 손실은 계속 내려가는데 검증 손실이 두 에포크 연속 올라갔습니다. 신경망이 훈련 이미지를 통째로 외우고 있습니다(과적합). 드롭아웃, L2, 더 많은 이미지, 데이터 증강, 조기 종료가 도움이 됩니다.</translation>
    </message>
    <message>
        <source>training scores average the whole epoch</source>
        <translation>훈련 점수는 에포크 전체의 평균입니다</translation>
    </message>
    <message>
        <source>dropout only acts while training</source>
        <translation>드롭아웃은 훈련할 때만 작동합니다</translation>
    </message>
    <message>
        <source>only training sees altered images</source>
        <translation>변형된 이미지는 훈련에서만 봅니다</translation>
    </message>
    <message>
        <source>The training score is an average over the whole epoch, most of it from before the network had learned much; validation is measured at the end of the epoch, with what it learned.</source>
        <translation>훈련 점수는 에포크 전체의 평균이고, 그 대부분은 신경망이 아직 많이 배우기 전의 점수입니다. 검증은 에포크가 끝날 때, 배운 것을 가지고 잽니다.</translation>
    </message>
    <message>
        <source>Dropout switches parts of the network off at random while it trains, which makes training harder; it is off while validating.</source>
        <translation>드롭아웃은 훈련하는 동안 신경망의 일부를 무작위로 꺼서 훈련을 더 어렵게 만듭니다. 검증할 때는 꺼져 있습니다.</translation>
    </message>
    <message>
        <source>With augmentation the network trains on shifted, turned and thickened copies, which are harder than the plain images it is validated on.</source>
        <translation>데이터 증강을 켜면 신경망은 옮기고 돌리고 굵게 만든 복사본으로 훈련하는데, 이것들은 검증에 쓰는 원래 이미지보다 어렵습니다.</translation>
    </message>
    <message>
        <source>Validation beats training in epoch 1? That is normal: {}.</source>
        <translation>1 에포크에서 검증이 훈련보다 좋나요? 정상입니다: {}.</translation>
    </message>
</context>
<context>
    <name>ClassBoard</name>
    <message>
        <source>Student</source>
        <translation>학생</translation>
    </message>
    <message>
        <source>Run</source>
        <translation>실행</translation>
    </message>
    <message>
        <source>Settings</source>
        <translation>설정</translation>
    </message>
    <message>
        <source>Best validation</source>
        <translation>최고 검증 정확도</translation>
    </message>
    <message>
        <source>Test accuracy</source>
        <translation>테스트 정확도</translation>
    </message>
    <message>
        <source>Epochs</source>
        <translation>에포크</translation>
    </message>
    <message>
        <source>Reading the class folder…</source>
        <translation>반 폴더를 읽는 중…</translation>
    </message>
    <message>
        <source>{} runs shared by {} students</source>
        <translation>학생 {1}명이 공유한 실행 {0}개</translation>
    </message>
    <message>
        <source>run {}</source>
        <translation>{}회차</translation>
    </message>
</context>
<context>
    <name>ClassDock</name>
    <message>
        <source>Class {}: removed by the teacher</source>
        <translation>{} 반: 선생님이 반에서 뺐습니다</translation>
    </message>
    <message>
        <source>Class {}: read-only, {} waiting</source>
        <translation>{} 반: 읽기 전용, {}개 대기 중</translation>
    </message>
    <message>
        <source>Class {}: not reachable, {} waiting</source>
        <translation>{} 반: 연결할 수 없음, {}개 대기 중</translation>
    </message>
    <message>
        <source>Class {}: sending failed, {} waiting</source>
        <translation>{} 반: 보내기 실패, {}개 대기 중</translation>
    </message>
    <message>
        <source>Class {}: {} waiting to be sent</source>
        <translation>{} 반: {}개 보낼 차례를 기다리는 중</translation>
    </message>
    <message>
        <source>Class {}: connected</source>
        <translation>{} 반: 연결됨</translation>
    </message>
    <message>
        <source>Class</source>
        <translation>반</translation>
    </message>
    <message>
        <source>&amp;Class</source>
        <translation>반(&amp;C)</translation>
    </message>
    <message>
        <source>&amp;Join a class…</source>
        <translation>반에 참여하기(&amp;J)…</translation>
    </message>
    <message>
        <source>Share my &amp;drawings</source>
        <translation>내 그림 공유하기(&amp;D)</translation>
    </message>
    <message>
        <source>Share &amp;runs…</source>
        <translation>실행 공유하기(&amp;R)…</translation>
    </message>
    <message>
        <source>&amp;Load the class model</source>
        <translation>반 모델 불러오기(&amp;L)</translation>
    </message>
    <message>
        <source>&amp;Teacher mode…</source>
        <translation>교사 모드(&amp;T)…</translation>
    </message>
    <message>
        <source>Class &amp;gallery</source>
        <translation>반 갤러리(&amp;G)</translation>
    </message>
    <message>
        <source>Class &amp;board</source>
        <translation>반 게시판(&amp;B)</translation>
    </message>
</context>
<context>
    <name>ClassGallery</name>
    <message>
        <source>By digit</source>
        <translation>숫자별</translation>
    </message>
    <message>
        <source>By student</source>
        <translation>학생별</translation>
    </message>
    <message>
        <source>Show hidden</source>
        <translation>숨긴 그림 보기</translation>
    </message>
    <message>
        <source>Hide</source>
        <translation>숨기기</translation>
    </message>
    <message>
        <source>Show</source>
        <translation>보이기</translation>
    </message>
    <message>
        <source>Delete</source>
        <translation>삭제</translation>
    </message>
    <message>
        <source>Rename student…</source>
        <translation>학생 이름 바꾸기…</translation>
    </message>
    <message>
        <source>Remove student…</source>
        <translation>학생 내보내기…</translation>
    </message>
    <message>
        <source>Refresh</source>
        <translation>새로 고침</translation>
    </message>
    <message>
        <source>All students</source>
        <translation>모든 학생</translation>
    </message>
    <message>
        <source>All digits</source>
        <translation>모든 숫자</translation>
    </message>
    <message>
        <source>Reading the class folder…</source>
        <translation>반 폴더를 읽는 중…</translation>
    </message>
    <message>
        <source>{} drawings from {} students ({} hidden)</source>
        <translation>학생 {1}명의 그림 {0}개 (숨김 {2}개)</translation>
    </message>
    <message>
        <source>… and {} more files left out</source>
        <translation>… 그리고 파일 {}개를 더 건너뛰었습니다</translation>
    </message>
    <message>
        <source>Delete drawings</source>
        <translation>그림 삭제</translation>
    </message>
    <message>
        <source>Delete {} drawings from the class for good?</source>
        <translation>그림 {}개를 반에서 완전히 삭제할까요?</translation>
    </message>
    <message>
        <source>Rename student</source>
        <translation>학생 이름 바꾸기</translation>
    </message>
    <message>
        <source>New nickname:</source>
        <translation>새 별명:</translation>
    </message>
    <message>
        <source>Remove student</source>
        <translation>학생 내보내기</translation>
    </message>
    <message>
        <source>Remove {} and everything they shared from the class?</source>
        <translation>{} 학생과 그 학생이 공유한 모든 것을 반에서 뺄까요?</translation>
    </message>
</context>
<context>
    <name>ClassPanel</name>
    <message>
        <source>Join a class…</source>
        <translation>반에 참여하기…</translation>
    </message>
    <message>
        <source>Share my drawings</source>
        <translation>내 그림 공유하기</translation>
    </message>
    <message>
        <source>Share runs…</source>
        <translation>실행 공유하기…</translation>
    </message>
    <message>
        <source>Load the class model</source>
        <translation>반 모델 불러오기</translation>
    </message>
    <message>
        <source>Teacher mode…</source>
        <translation>교사 모드…</translation>
    </message>
    <message>
        <source>Class gallery</source>
        <translation>반 갤러리</translation>
    </message>
    <message>
        <source>Class board</source>
        <translation>반 게시판</translation>
    </message>
    <message>
        <source>Lesson to publish…</source>
        <translation>함께 게시할 수업…</translation>
    </message>
    <message>
        <source>Publish a class model</source>
        <translation>반 모델 게시하기</translation>
    </message>
    <message>
        <source>Fine-tune the model now predicting on the class&apos;s drawings mixed with MNIST, then publish it</source>
        <translation>지금 예측하는 모델을 반 친구들의 그림과 MNIST를 섞어 미세 조정한 뒤 게시합니다</translation>
    </message>
    <message>
        <source>Not in a class. Join one to pool drawings and runs with your classmates.</source>
        <translation>아직 반에 속해 있지 않습니다. 반에 참여하면 친구들과 그림과 실행을 함께 모을 수 있습니다.</translation>
    </message>
    <message>
        <source>Class {} as {}</source>
        <translation>{} 반, 별명 {}</translation>
    </message>
    <message>
        <source>Class {} (not joined)</source>
        <translation>{} 반 (참여하지 않음)</translation>
    </message>
    <message>
        <source>{} drawings shared with the class.</source>
        <translation>그림 {}개를 반과 공유했습니다.</translation>
    </message>
    <message>
        <source>{} runs shared with the class.</source>
        <translation>실행 {}개를 반과 공유했습니다.</translation>
    </message>
    <message>
        <source>No runs to share yet: train one first.</source>
        <translation>아직 공유할 실행이 없습니다. 먼저 학습해 보세요.</translation>
    </message>
    <message>
        <source>Your teacher published a class model: {}</source>
        <translation>선생님이 반 모델을 게시했습니다: {}</translation>
    </message>
    <message>
        <source>The class model is loading.</source>
        <translation>반 모델을 불러오는 중입니다.</translation>
    </message>
    <message>
        <source>Reading the class folder… try again in a moment.</source>
        <translation>반 폴더를 읽는 중입니다… 잠시 뒤에 다시 해 보세요.</translation>
    </message>
    <message>
        <source>Set the teacher passphrase</source>
        <translation>교사 암호 정하기</translation>
    </message>
    <message>
        <source>Teacher mode</source>
        <translation>교사 모드</translation>
    </message>
    <message>
        <source>This class has no teacher yet. Choose a passphrase (at least 8 characters):</source>
        <translation>이 반에는 아직 교사가 없습니다. 암호를 정하세요 (8자 이상):</translation>
    </message>
    <message>
        <source>Teacher passphrase:</source>
        <translation>교사 암호:</translation>
    </message>
    <message>
        <source>Lesson to publish</source>
        <translation>게시할 수업</translation>
    </message>
    <message>
        <source>Lessons (*.json);;All files (*)</source>
        <translation>수업 파일 (*.json);;모든 파일 (*)</translation>
    </message>
    <message>
        <source>Lesson: {}</source>
        <translation>수업: {}</translation>
    </message>
    <message>
        <source>Class model of {}</source>
        <translation>{} 반 모델</translation>
    </message>
    <message>
        <source>Nothing to train on yet: the class needs shared drawings, and a model must be loaded.</source>
        <translation>아직 학습할 것이 없습니다. 반에 공유된 그림이 있어야 하고, 모델이 불러와져 있어야 합니다.</translation>
    </message>
    <message>
        <source>Training the class model…</source>
        <translation>반 모델을 학습하는 중…</translation>
    </message>
    <message>
        <source>Training the class model… {:.0%}</source>
        <translation>반 모델을 학습하는 중… {:.0%}</translation>
    </message>
    <message>
        <source>Published. On the {} class drawings it learnt from: {:.0%} → {:.0%}</source>
        <translation>게시했습니다. 학습에 쓴 반 그림 {}개에서의 정확도: {:.0%} → {:.0%}</translation>
    </message>
</context>
<context>
    <name>CloseGuard</name>
    <message>
        <source>A network is still training</source>
        <translation>신경망이 아직 학습 중입니다</translation>
    </message>
    <message>
        <source>Stop training and keep the network it has learned so far?</source>
        <translation>학습을 멈추고 지금까지 배운 신경망을 남길까요?</translation>
    </message>
    <message>
        <source>Keep it: training stops, the network is tested, and you choose a file to save it in. Quit without saving: it is lost.</source>
        <translation>남기기: 학습이 멈추고 신경망을 시험한 뒤, 저장할 파일을 고릅니다. 저장하지 않고 끝내기: 신경망이 사라집니다.</translation>
    </message>
    <message>
        <source>Stop and save…</source>
        <translation>멈추고 저장…</translation>
    </message>
    <message>
        <source>Quit without saving</source>
        <translation>저장하지 않고 끝내기</translation>
    </message>
    <message>
        <source>Keep training</source>
        <translation>계속 학습</translation>
    </message>
</context>
<context>
    <name>CompareView</name>
    <message>
        <source>Dense layer width</source>
        <translation>Dense 층 너비</translation>
    </message>
    <message>
        <source>Max-pooling</source>
        <translation>최대 풀링</translation>
    </message>
    <message>
        <source>L1 penalty</source>
        <translation>L1 벌점</translation>
    </message>
    <message>
        <source>L2 penalty</source>
        <translation>L2 벌점</translation>
    </message>
    <message>
        <source>Dropout</source>
        <translation>드롭아웃</translation>
    </message>
    <message>
        <source>Dropout after conv blocks</source>
        <translation>합성곱 블록 뒤 드롭아웃</translation>
    </message>
    <message>
        <source>Learning rate</source>
        <translation>학습률</translation>
    </message>
    <message>
        <source>Learning-rate schedule</source>
        <translation>학습률 스케줄</translation>
    </message>
    <message>
        <source>Batch size</source>
        <translation>배치 크기</translation>
    </message>
    <message>
        <source>Epochs</source>
        <translation>에포크</translation>
    </message>
    <message>
        <source>Validation split</source>
        <translation>검증 비율</translation>
    </message>
    <message>
        <source>Training images (0: all)</source>
        <translation>훈련 이미지 수 (0: 전부)</translation>
    </message>
    <message>
        <source>Data augmentation</source>
        <translation>데이터 증강</translation>
    </message>
    <message>
        <source>Early stopping</source>
        <translation>조기 종료</translation>
    </message>
    <message>
        <source>Patience</source>
        <translation>인내 에포크</translation>
    </message>
    <message>
        <source>Early stopping watches</source>
        <translation>조기 종료 기준</translation>
    </message>
    <message>
        <source>Bagging members</source>
        <translation>배깅 모델 수</translation>
    </message>
    <message>
        <source>Cross-validation folds</source>
        <translation>교차 검증 폴드 수</translation>
    </message>
    <message>
        <source>Random seed</source>
        <translation>난수 시드</translation>
    </message>
    <message>
        <source>Steps per call</source>
        <translation>호출당 단계 수</translation>
    </message>
    <message>
        <source>Precision</source>
        <translation>연산 정밀도</translation>
    </message>
    <message>
        <source>Weight averaging</source>
        <translation>가중치 평균</translation>
    </message>
    <message>
        <source>Outcome</source>
        <translation>결과</translation>
    </message>
    <message>
        <source>Data set</source>
        <translation>데이터 세트</translation>
    </message>
    <message>
        <source>Networks</source>
        <translation>신경망 수</translation>
    </message>
    <message>
        <source>Epochs trained</source>
        <translation>훈련한 에포크</translation>
    </message>
    <message>
        <source>Last validation accuracy</source>
        <translation>마지막 검증 정확도</translation>
    </message>
    <message>
        <source>Test accuracy</source>
        <translation>테스트 정확도</translation>
    </message>
    <message>
        <source>Training time (s)</source>
        <translation>훈련 시간 (초)</translation>
    </message>
    <message>
        <source>finished</source>
        <translation>완료</translation>
    </message>
    <message>
        <source>stopped</source>
        <translation>중지됨</translation>
    </message>
    <message>
        <source>failed</source>
        <translation>실패</translation>
    </message>
    <message>
        <source>Loss per epoch</source>
        <translation>에포크별 손실</translation>
    </message>
    <message>
        <source>loss</source>
        <translation>손실</translation>
    </message>
    <message>
        <source>Accuracy per epoch</source>
        <translation>에포크별 정확도</translation>
    </message>
    <message>
        <source>accuracy</source>
        <translation>정확도</translation>
    </message>
    <message>
        <source>Highlighted: the settings in which the runs differ</source>
        <translation>강조 표시: 실행마다 다른 설정</translation>
    </message>
    <message>
        <source>Save table as CSV…</source>
        <translation>표를 CSV로 저장…</translation>
    </message>
    <message>
        <source>Save curves as CSV…</source>
        <translation>곡선을 CSV로 저장…</translation>
    </message>
    <message>
        <source>Save chart as picture…</source>
        <translation>차트를 그림으로 저장…</translation>
    </message>
    <message>
        <source>solid: training · dashed: validation · shaded band: mean ± spread of a repeat&apos;s runs</source>
        <translation>실선: 훈련 · 점선: 검증 · 색칠한 띠: 반복한 실행들의 평균 ± 편차</translation>
    </message>
    <message>
        <source>epoch</source>
        <translation>에포크</translation>
    </message>
    <message>
        <source>run {}: {}</source>
        <translation>실행 {}: {}</translation>
    </message>
    <message>
        <source>mean ± spread of {} repeats</source>
        <translation>반복 {}회의 평균 ± 편차</translation>
    </message>
    <message>
        <source>Save table</source>
        <translation>표 저장</translation>
    </message>
    <message>
        <source>CSV files (*.csv)</source>
        <translation>CSV 파일 (*.csv)</translation>
    </message>
    <message>
        <source>Save curves</source>
        <translation>곡선 저장</translation>
    </message>
    <message>
        <source>Save chart</source>
        <translation>차트 저장</translation>
    </message>
    <message>
        <source>PNG picture (*.png);;SVG drawing (*.svg)</source>
        <translation>PNG 그림 (*.png);;SVG 도면 (*.svg)</translation>
    </message>
    <message>
        <source>Cannot save</source>
        <translation>저장할 수 없음</translation>
    </message>
</context>
<context>
    <name>DrawingCanvas</name>
    <message>
        <source>Drawing canvas</source>
        <translation>그리기 캔버스</translation>
    </message>
    <message>
        <source>Draw one digit with the mouse, a pen or a finger. With the keyboard: press a digit key, 0 to 9, to put a test image of that digit here. Esc clears, Ctrl+Z undoes the last stroke.</source>
        <translation>마우스나 펜, 손가락으로 숫자 하나를 그리세요. 키보드로는 0부터 9까지 숫자 키를 누르면 그 숫자의 테스트 이미지가 여기에 놓입니다. Esc 키는 지우고, Ctrl+Z는 마지막 획을 되돌립니다.</translation>
    </message>
    <message>
        <source>Draw one digit. Esc clears, Ctrl+Z undoes the last stroke; a digit key puts a test image here.</source>
        <translation>숫자 하나를 그리세요. Esc 키는 지우고, Ctrl+Z는 마지막 획을 되돌립니다. 숫자 키를 누르면 테스트 이미지가 놓입니다.</translation>
    </message>
    <message>
        <source>draw a digit here</source>
        <translation>여기에 숫자를 그리세요</translation>
    </message>
</context>
<context>
    <name>DrawingsModel</name>
    <message>
        <source>{} · labelled {}</source>
        <translation>{} · 레이블 {}</translation>
    </message>
    <message>
        <source> · hidden</source>
        <translation> · 숨김</translation>
    </message>
</context>
<context>
    <name>EvaluationView</name>
    <message>
        <source>No model evaluated yet.</source>
        <translation>아직 평가한 모델이 없습니다.</translation>
    </message>
    <message>
        <source>Each digit</source>
        <translation>숫자별 정확도</translation>
    </message>
    <message>
        <source>Rows: the true digit. Columns: what the network answered. The diagonal holds the right answers. Click a cell to see its digits.</source>
        <translation>행은 실제 숫자, 열은 신경망의 답입니다. 대각선 칸이 맞힌 답입니다. 칸을 클릭하면 그 칸의 숫자 이미지를 볼 수 있습니다.</translation>
    </message>
    <message>
        <source>Confusion matrix</source>
        <translation>혼동 행렬</translation>
    </message>
    <message>
        <source>The digits</source>
        <translation>숫자 보기</translation>
    </message>
    <message>
        <source>Show the mistakes</source>
        <translation>틀린 숫자 보기</translation>
    </message>
    <message>
        <source>Back to the digits the network got wrong, most confident first</source>
        <translation>신경망이 틀린 숫자들을 다시 보여 줍니다 (가장 확신한 것부터)</translation>
    </message>
    <message>
        <source>Digit</source>
        <translation>숫자</translation>
    </message>
    <message>
        <source>Right / all</source>
        <translation>맞힘 / 전체</translation>
    </message>
    <message>
        <source>Accuracy</source>
        <translation>정확도</translation>
    </message>
    <message>
        <source>Rows: the true digit; columns: what the network answered; each cell counts the test digits. Move with the arrow keys; Enter shows the digits of a cell.</source>
        <translation>행: 실제 숫자, 열: 신경망의 답, 각 칸: 해당 테스트 숫자의 개수. 화살표 키로 움직이고, 엔터 키를 누르면 그 칸의 숫자들을 보여 줍니다.</translation>
    </message>
    <message>
        <source>predicted {}</source>
        <translation>예측 {}</translation>
    </message>
    <message>
        <source>true {}</source>
        <translation>실제 {}</translation>
    </message>
    <message>
        <source>Digit gallery</source>
        <translation>숫자 갤러리</translation>
    </message>
    <message>
        <source>Running the test digits through the network…</source>
        <translation>테스트 숫자를 신경망에 넣어 보는 중…</translation>
    </message>
    <message>
        <source>Evaluating…</source>
        <translation>평가하는 중…</translation>
    </message>
    <message>
        <source>No mistakes at all on the test set.</source>
        <translation>테스트 세트에서 틀린 숫자가 하나도 없습니다.</translation>
    </message>
    <message>
        <source>All {} mistakes, the most confident first</source>
        <translation>틀린 숫자 {}개 전체 (가장 확신한 것부터)</translation>
    </message>
    <message>
        <source>The {} most confident of {} mistakes</source>
        <translation>틀린 숫자 {1}개 중 가장 확신한 {0}개</translation>
    </message>
    <message>
        <source>{} correctly recognised {}s, the least confident first</source>
        <translation>{1}을(를) 맞게 인식한 숫자 {0}개 (가장 덜 확신한 것부터)</translation>
    </message>
    <message>
        <source>True {}, predicted {}: {} test digits</source>
        <translation>실제 {}, 예측 {}: 테스트 숫자 {}개</translation>
    </message>
    <message>
        <source> (showing the first {})</source>
        <translation> (처음 {}개만 표시)</translation>
    </message>
    <message>
        <source>Evaluation failed: {}</source>
        <translation>평가 실패: {}</translation>
    </message>
    <message>
        <source>test accuracy: {} of {} test digits recognised, {} mistakes</source>
        <translation>테스트 정확도: 테스트 숫자 {1}개 중 {0}개를 맞혔고 {2}개를 틀렸습니다</translation>
    </message>
    <message>
        <source>Each member of the ensemble alone: {}</source>
        <translation>앙상블 멤버 하나하나의 정확도: {}</translation>
    </message>
    <message>
        <source>The bars run from {:.0%} to 100%</source>
        <translation>막대는 {:.0%}부터 100%까지를 나타냅니다</translation>
    </message>
    <message>
        <source>true {} → predicted {}
({:.0%} sure)</source>
        <translation>실제 {} → 예측 {}
(확신도 {:.0%})</translation>
    </message>
    <message>
        <source>Test image #{}: labelled {}, the network says {} with {:.1%} confidence</source>
        <translation>테스트 이미지 #{}: 레이블은 {}, 신경망의 답은 {} (확신도 {:.1%})</translation>
    </message>
</context>
<context>
    <name>Exporter</name>
    <message>
        <source>&amp;Export</source>
        <translation>내보내기(&amp;E)</translation>
    </message>
    <message>
        <source>Model as TensorFlow &amp;Lite…</source>
        <translation>모델을 TensorFlow Lite로(&amp;L)…</translation>
    </message>
    <message>
        <source>Model as &amp;ONNX…</source>
        <translation>모델을 ONNX로(&amp;O)…</translation>
    </message>
    <message>
        <source>Model as a &amp;web page…</source>
        <translation>모델을 웹 페이지로(&amp;W)…</translation>
    </message>
    <message>
        <source>Charts as &amp;PNG…</source>
        <translation>차트를 PNG로(&amp;P)…</translation>
    </message>
    <message>
        <source>Charts as &amp;SVG…</source>
        <translation>차트를 SVG로(&amp;S)…</translation>
    </message>
    <message>
        <source>Curves as &amp;CSV…</source>
        <translation>곡선을 CSV로(&amp;C)…</translation>
    </message>
    <message>
        <source>No model yet</source>
        <translation>아직 모델이 없습니다</translation>
    </message>
    <message>
        <source>Wait for the model to load, or train one.</source>
        <translation>모델이 불러와질 때까지 기다리거나, 모델을 훈련하세요.</translation>
    </message>
    <message>
        <source>TensorFlow Lite models (*.tflite)</source>
        <translation>TensorFlow Lite 모델 (*.tflite)</translation>
    </message>
    <message>
        <source>ONNX models (*.onnx)</source>
        <translation>ONNX 모델 (*.onnx)</translation>
    </message>
    <message>
        <source>Web pages (*.html)</source>
        <translation>웹 페이지 (*.html)</translation>
    </message>
    <message>
        <source>Export model</source>
        <translation>모델 내보내기</translation>
    </message>
    <message>
        <source>PNG pictures (*.png)</source>
        <translation>PNG 그림 (*.png)</translation>
    </message>
    <message>
        <source>SVG drawings (*.svg)</source>
        <translation>SVG 도면 (*.svg)</translation>
    </message>
    <message>
        <source>Export charts</source>
        <translation>차트 내보내기</translation>
    </message>
    <message>
        <source>Export curves</source>
        <translation>곡선 내보내기</translation>
    </message>
    <message>
        <source>CSV files (*.csv)</source>
        <translation>CSV 파일 (*.csv)</translation>
    </message>
    <message>
        <source>Exporting and checking the model…</source>
        <translation>모델을 내보내고 확인하는 중…</translation>
    </message>
    <message>
        <source>Exported {}</source>
        <translation>{} 내보냄</translation>
    </message>
    <message>
        <source>Model exported</source>
        <translation>모델을 내보냈습니다</translation>
    </message>
    <message>
        <source>{} MNIST test digits and your drawing</source>
        <translation>MNIST 테스트 숫자 {}개와 내가 그린 숫자</translation>
    </message>
    <message>
        <source>{} MNIST test digits (nothing is drawn)</source>
        <translation>MNIST 테스트 숫자 {}개 (그린 숫자 없음)</translation>
    </message>
    <message>
        <source>Saved {} ({:,} KB).

Checked against the app on {}: the largest difference in any probability is {:.1e} (allowed: {:g}); the same digit on {} of {} images.</source>
        <translation>{} 저장함 ({:,} KB).

{}(으)로 앱과 비교해 확인했습니다: 확률의 가장 큰 차이는 {:.1e}입니다 (허용: {:g}). 같은 숫자를 고른 이미지: {}개 / {}개.</translation>
    </message>
    <message>
        <source>Saved {}</source>
        <translation>{} 저장함</translation>
    </message>
    <message>
        <source>Cannot export</source>
        <translation>내보낼 수 없음</translation>
    </message>
</context>
<context>
    <name>HandwritingView</name>
    <message>
        <source>Add this drawing as …</source>
        <translation>이 그림을 다음 숫자로 추가 …</translation>
    </message>
    <message>
        <source>Add the drawing on the canvas to your digits, labelled {}</source>
        <translation>캔버스의 그림을 {}(으)로 레이블을 붙여 내 숫자에 추가합니다</translation>
    </message>
    <message>
        <source>How many {}s you have added</source>
        <translation>지금까지 추가한 {}의 개수</translation>
    </message>
    <message>
        <source>Show all your digits, or only one of them</source>
        <translation>내 숫자를 모두 보거나 한 숫자만 봅니다</translation>
    </message>
    <message>
        <source>All digits</source>
        <translation>모든 숫자</translation>
    </message>
    <message>
        <source>Only {}s</source>
        <translation>{}만</translation>
    </message>
    <message>
        <source>Delete selected</source>
        <translation>선택한 것 삭제</translation>
    </message>
    <message>
        <source>Remove the selected samples from your digits (Delete)</source>
        <translation>선택한 샘플을 내 숫자에서 지웁니다 (Delete)</translation>
    </message>
    <message>
        <source>Export…</source>
        <translation>내보내기…</translation>
    </message>
    <message>
        <source>Save your digits as a file to share with your class</source>
        <translation>반 친구들과 나눌 수 있도록 내 숫자를 파일로 저장합니다</translation>
    </message>
    <message>
        <source>Import…</source>
        <translation>가져오기…</translation>
    </message>
    <message>
        <source>Add the digits from a file (yours, or your class&apos;s)</source>
        <translation>파일에 있는 숫자를 추가합니다 (내 것이나 반 친구들 것)</translation>
    </message>
    <message>
        <source>My digits</source>
        <translation>내 숫자</translation>
    </message>
    <message>
        <source>Fine-tune on my digits</source>
        <translation>내 숫자로 미세 조정</translation>
    </message>
    <message>
        <source>Train a copy of the model now predicting a little more, on your digits mixed with 20 times as many MNIST digits so it does not forget everyone else&apos;s handwriting</source>
        <translation>지금 예측에 쓰는 모델의 복사본을 조금 더 학습시킵니다. 다른 사람들의 손글씨를 잊지 않도록 내 숫자에 20배 많은 MNIST 숫자를 섞어서 학습합니다</translation>
    </message>
    <message>
        <source>Check accuracy</source>
        <translation>정확도 확인</translation>
    </message>
    <message>
        <source>How many of your digits does the model now predicting get right?</source>
        <translation>지금 예측에 쓰는 모델이 내 숫자를 몇 개나 맞힐까요?</translation>
    </message>
    <message>
        <source>Working on your digits…</source>
        <translation>내 숫자로 작업하는 중…</translation>
    </message>
    <message>
        <source>Your saved digits could not be read: {}</source>
        <translation>저장된 내 숫자를 읽을 수 없습니다: {}</translation>
    </message>
    <message>
        <source>Your digits</source>
        <translation>내 숫자</translation>
    </message>
    <message>
        <source>{} digits of yours</source>
        <translation>내 숫자 {}개</translation>
    </message>
    <message>
        <source>a {}, added {}</source>
        <translation>숫자 {}, 추가한 때: {}</translation>
    </message>
    <message>
        <source> (showing the newest {})</source>
        <translation> (가장 최근 {}개만 표시)</translation>
    </message>
    <message>
        <source>Draw a digit on the canvas first, then choose what it is.</source>
        <translation>먼저 캔버스에 숫자를 그린 다음, 어떤 숫자인지 고르세요.</translation>
    </message>
    <message>
        <source>Could not add the drawing: {}</source>
        <translation>그림을 추가할 수 없습니다: {}</translation>
    </message>
    <message>
        <source>Added as {}. You have {} of them.</source>
        <translation>{}(으)로 추가했습니다. 이 숫자는 모두 {}개입니다.</translation>
    </message>
    <message>
        <source>Could not delete: {}</source>
        <translation>삭제할 수 없습니다: {}</translation>
    </message>
    <message>
        <source>Deleted {} of your digits.</source>
        <translation>내 숫자 {}개를 삭제했습니다.</translation>
    </message>
    <message>
        <source>Export my digits</source>
        <translation>내 숫자 내보내기</translation>
    </message>
    <message>
        <source>Handwriting files (*.npz)</source>
        <translation>손글씨 파일 (*.npz)</translation>
    </message>
    <message>
        <source>Import digits</source>
        <translation>숫자 가져오기</translation>
    </message>
    <message>
        <source>Handwriting files (*.npz);;All files (*)</source>
        <translation>손글씨 파일 (*.npz);;모든 파일 (*)</translation>
    </message>
    <message>
        <source>Could not export: {}</source>
        <translation>내보낼 수 없습니다: {}</translation>
    </message>
    <message>
        <source>Exported {} digits to {}</source>
        <translation>숫자 {}개를 {}(으)로 내보냈습니다</translation>
    </message>
    <message>
        <source>Could not import: {}</source>
        <translation>가져올 수 없습니다: {}</translation>
    </message>
    <message>
        <source>Imported {} new digits from {}</source>
        <translation>{}에서 새 숫자 {}개를 가져왔습니다</translation>
    </message>
    <message>
        <source>No model yet: wait for it to load, or train one.</source>
        <translation>아직 모델이 없습니다. 모델을 다 불러올 때까지 기다리거나, 모델을 학습시키세요.</translation>
    </message>
    <message>
        <source>Checking the model on your digits…</source>
        <translation>내 숫자로 모델을 확인하는 중…</translation>
    </message>
    <message>
        <source>Fine-tuning on your digits… (loading MNIST first)</source>
        <translation>내 숫자로 미세 조정하는 중… (먼저 MNIST를 불러오는 중)</translation>
    </message>
    <message>
        <source>Fine-tuning on your digits… epoch {}, {:.0%} done</source>
        <translation>내 숫자로 미세 조정하는 중… 에포크 {}, {:.0%} 완료</translation>
    </message>
    <message>
        <source>That did not work: {}</source>
        <translation>잘 되지 않았습니다: {}</translation>
    </message>
    <message>
        <source>The model gets {:.0%} of your {} digits right.</source>
        <translation>모델이 내 숫자 {1}개 중 {0:.0%}를 맞힙니다.</translation>
    </message>
    <message>
        <source>MNIST test images (everyone else&apos;s handwriting): {:.1%} → {:.1%}</source>
        <translation>MNIST 테스트 이미지(다른 사람들의 손글씨): {:.1%} → {:.1%}</translation>
    </message>
    <message>
        <source>⚠ The network got {:.1f} points worse on MNIST&apos;s test images: it is starting to forget other people&apos;s handwriting. Add more of your digits, of every kind, or go back with File → Use the shipped model.</source>
        <translation>⚠ 신경망이 MNIST 테스트 이미지에서 {:.1f}%포인트 나빠졌습니다. 다른 사람들의 손글씨를 잊기 시작한 것입니다. 모든 숫자를 골고루 더 추가하거나, 파일 → 기본 제공 모델 사용으로 되돌아가세요.</translation>
    </message>
    <message>
        <source>Your {} digits kept aside (not trained on): {:.0%} → {:.0%}. It trained on your other {}.</source>
        <translation>따로 떼어 둔(학습하지 않은) 내 숫자 {}개: {:.0%} → {:.0%}. 나머지 {}개로 학습했습니다.</translation>
    </message>
    <message>
        <source>Your {} digits, each tested by a network trained on all the others: {:.0%} → {:.0%}.</source>
        <translation>내 숫자 {}개를 하나씩, 나머지 모두로 학습한 신경망으로 시험했습니다: {:.0%} → {:.0%}.</translation>
    </message>
    <message>
        <source>With one digit of yours there is nothing to test it on fairly: add more.</source>
        <translation>내 숫자가 하나뿐이라 공정하게 시험할 숫자가 없습니다. 더 추가하세요.</translation>
    </message>
</context>
<context>
    <name>JoinDialog</name>
    <message>
        <source>Join a class</source>
        <translation>반에 참여하기</translation>
    </message>
    <message>
        <source>Browse…</source>
        <translation>찾아보기…</translation>
    </message>
    <message>
        <source>not your real name</source>
        <translation>실명은 쓰지 마세요</translation>
    </message>
    <message>
        <source>Class folder</source>
        <translation>반 폴더</translation>
    </message>
    <message>
        <source>Class</source>
        <translation>반</translation>
    </message>
    <message>
        <source>Nickname</source>
        <translation>별명</translation>
    </message>
    <message>
        <source>Your drawings and runs are shared with your class only when you choose to. Your nickname is all the class folder knows of you: please do not use your real name, e-mail or phone number.</source>
        <translation>그림과 실행은 여러분이 고를 때만 반과 공유됩니다. 반 폴더가 여러분에 대해 아는 것은 별명뿐이니 실명, 이메일, 전화번호는 쓰지 마세요.</translation>
    </message>
    <message>
        <source>Join</source>
        <translation>참여</translation>
    </message>
    <message>
        <source>Choose the class folder (the share your school set up).</source>
        <translation>반 폴더(학교에서 마련한 공유 폴더)를 고르세요.</translation>
    </message>
</context>
<context>
    <name>LessonBanner</name>
    <message>
        <source>Leave lesson</source>
        <translation>수업 나가기</translation>
    </message>
    <message>
        <source>Unlock every switch and bring back your own settings</source>
        <translation>모든 잠금을 풀고 내 설정으로 되돌립니다</translation>
    </message>
</context>
<context>
    <name>LessonController</name>
    <message>
        <source>&amp;Open lesson…</source>
        <translation>수업 열기(&amp;O)…</translation>
    </message>
    <message>
        <source>Open a lesson file from your teacher</source>
        <translation>선생님이 준 수업 파일을 엽니다</translation>
    </message>
    <message>
        <source>L&amp;eave lesson</source>
        <translation>수업 나가기(&amp;E)</translation>
    </message>
    <message>
        <source>Unlock every switch and bring back your own settings</source>
        <translation>모든 잠금을 풀고 내 설정으로 되돌립니다</translation>
    </message>
    <message>
        <source>&amp;Lessons</source>
        <translation>수업(&amp;L)</translation>
    </message>
    <message>
        <source>Lessons on this &amp;computer</source>
        <translation>이 컴퓨터에 있는 수업(&amp;C)</translation>
    </message>
    <message>
        <source>(no lessons found)</source>
        <translation>(수업을 찾을 수 없음)</translation>
    </message>
    <message>
        <source>Open lesson</source>
        <translation>수업 열기</translation>
    </message>
    <message>
        <source>Lesson files (*.json);;All files (*)</source>
        <translation>수업 파일 (*.json);;모든 파일 (*)</translation>
    </message>
    <message>
        <source>Cannot open lesson</source>
        <translation>수업을 열 수 없습니다</translation>
    </message>
</context>
<context>
    <name>LessonLock</name>
    <message>
        <source>locked by the lesson: {}</source>
        <translation>수업에서 잠금: {}</translation>
    </message>
</context>
<context>
    <name>MainWindow</name>
    <message>
        <source>Loading the model… (you can draw already)</source>
        <translation>모델을 불러오는 중… (지금 그려도 됩니다)</translation>
    </message>
    <message>
        <source>No model yet</source>
        <translation>아직 모델 없음</translation>
    </message>
    <message>
        <source>Pen width</source>
        <translation>펜 굵기</translation>
    </message>
    <message>
        <source>Undo</source>
        <translation>되돌리기</translation>
    </message>
    <message>
        <source>Undo the last stroke (Ctrl+Z)</source>
        <translation>마지막 획 되돌리기 (Ctrl+Z)</translation>
    </message>
    <message>
        <source>Clear</source>
        <translation>지우기</translation>
    </message>
    <message>
        <source>Clear the drawing (Esc or Delete)</source>
        <translation>그림 모두 지우기 (Esc 또는 Delete)</translation>
    </message>
    <message>
        <source>Pen</source>
        <translation>펜</translation>
    </message>
    <message>
        <source>&amp;File</source>
        <translation>파일(&amp;F)</translation>
    </message>
    <message>
        <source>&amp;Open model…</source>
        <translation>모델 열기(&amp;O)…</translation>
    </message>
    <message>
        <source>Load a .keras model file to predict with</source>
        <translation>예측에 쓸 .keras 모델 파일을 불러옵니다</translation>
    </message>
    <message>
        <source>&amp;Save model as…</source>
        <translation>다른 이름으로 모델 저장(&amp;S)…</translation>
    </message>
    <message>
        <source>Save the model now predicting, with its settings and history</source>
        <translation>지금 예측에 쓰는 모델을 설정 및 학습 기록과 함께 저장합니다</translation>
    </message>
    <message>
        <source>Use the &amp;shipped model</source>
        <translation>기본 제공 모델 사용(&amp;U)</translation>
    </message>
    <message>
        <source>Go back to the pretrained model that came with digitpad</source>
        <translation>digitpad와 함께 제공된 사전 학습 모델로 돌아갑니다</translation>
    </message>
    <message>
        <source>Open e&amp;xperiment…</source>
        <translation>실험 열기(&amp;X)…</translation>
    </message>
    <message>
        <source>Save experi&amp;ment…</source>
        <translation>실험 저장(&amp;M)…</translation>
    </message>
    <message>
        <source>&amp;Quit</source>
        <translation>끝내기(&amp;Q)</translation>
    </message>
    <message>
        <source>&amp;Drawing</source>
        <translation>그리기(&amp;D)</translation>
    </message>
    <message>
        <source>&amp;Undo stroke</source>
        <translation>획 되돌리기(&amp;U)</translation>
    </message>
    <message>
        <source>&amp;Clear</source>
        <translation>지우기(&amp;C)</translation>
    </message>
    <message>
        <source>Use a &amp;test digit</source>
        <translation>테스트 숫자 사용(&amp;T)</translation>
    </message>
    <message>
        <source>Put a random digit from the MNIST test set on the canvas (on the canvas, a digit key picks which)</source>
        <translation>MNIST 테스트 세트에서 무작위로 고른 숫자를 캔버스에 놓습니다(캔버스에서 숫자 키를 누르면 그 숫자를 고릅니다)</translation>
    </message>
    <message>
        <source>&amp;Training</source>
        <translation>학습(&amp;T)</translation>
    </message>
    <message>
        <source>&amp;Train</source>
        <translation>학습 시작(&amp;T)</translation>
    </message>
    <message>
        <source>&amp;Pause / resume</source>
        <translation>일시 정지 / 계속(&amp;P)</translation>
    </message>
    <message>
        <source>&amp;Stop</source>
        <translation>중지(&amp;S)</translation>
    </message>
    <message>
        <source>&amp;Clear earlier runs</source>
        <translation>이전 회차 지우기(&amp;C)</translation>
    </message>
    <message>
        <source>&amp;View</source>
        <translation>보기(&amp;V)</translation>
    </message>
    <message>
        <source>&amp;Evaluate model…</source>
        <translation>모델 평가(&amp;E)…</translation>
    </message>
    <message>
        <source>Test the model now predicting on the test set</source>
        <translation>지금 예측에 쓰는 모델을 테스트 세트로 평가합니다</translation>
    </message>
    <message>
        <source>&amp;Inside the network</source>
        <translation>신경망 들여다보기(&amp;N)</translation>
    </message>
    <message>
        <source>See what each layer finds in your drawing</source>
        <translation>각 층이 내 그림에서 무엇을 찾아내는지 봅니다</translation>
    </message>
    <message>
        <source>My &amp;handwriting…</source>
        <translation>내 손글씨(&amp;H)…</translation>
    </message>
    <message>
        <source>Label your own drawings and fine-tune the model on them</source>
        <translation>직접 그린 숫자에 레이블을 붙이고, 그 숫자로 모델을 미세 조정합니다</translation>
    </message>
    <message>
        <source>Zoom &amp;in</source>
        <translation>확대(&amp;I)</translation>
    </message>
    <message>
        <source>Zoom &amp;out</source>
        <translation>축소(&amp;O)</translation>
    </message>
    <message>
        <source>&amp;Actual size</source>
        <translation>원래 크기(&amp;A)</translation>
    </message>
    <message>
        <source>&amp;Projector mode</source>
        <translation>프로젝터 모드(&amp;P)</translation>
    </message>
    <message>
        <source>Large text, thick lines and high contrast for the back of the room</source>
        <translation>교실 뒤에서도 잘 보이도록 큰 글씨, 굵은 선, 높은 대비로 보여 줍니다</translation>
    </message>
    <message>
        <source>Training &amp;settings</source>
        <translation>학습 설정(&amp;S)</translation>
    </message>
    <message>
        <source>C&amp;harts</source>
        <translation>차트(&amp;H)</translation>
    </message>
    <message>
        <source>Network &amp;layers</source>
        <translation>신경망 층(&amp;L)</translation>
    </message>
    <message>
        <source>Le&amp;sson</source>
        <translation>수업(&amp;S)</translation>
    </message>
    <message>
        <source>&amp;Language</source>
        <translation>언어(&amp;L)</translation>
    </message>
    <message>
        <source>Stopping… finishing this batch, then testing the network on the test images</source>
        <translation>멈추는 중… 이번 배치를 마치고 테스트 이미지로 신경망을 시험합니다</translation>
    </message>
    <message>
        <source>Evaluation</source>
        <translation>평가</translation>
    </message>
    <message>
        <source>Inside</source>
        <translation>신경망 속</translation>
    </message>
    <message>
        <source>My digits</source>
        <translation>내 숫자</translation>
    </message>
    <message>
        <source>&amp;Help</source>
        <translation>도움말(&amp;H)</translation>
    </message>
    <message>
        <source>&amp;About digitpad</source>
        <translation>digitpad 정보(&amp;A)</translation>
    </message>
    <message>
        <source>Loaded {}</source>
        <translation>불러옴: {}</translation>
    </message>
    <message>
        <source>Cannot open model</source>
        <translation>모델을 열 수 없습니다</translation>
    </message>
    <message>
        <source>No model: {}</source>
        <translation>모델 없음: {}</translation>
    </message>
    <message>
        <source>No model: train one, or open a model file</source>
        <translation>모델 없음: 모델을 학습시키거나 모델 파일을 여세요</translation>
    </message>
    <message>
        <source>Predicting with: {}</source>
        <translation>예측 모델: {}</translation>
    </message>
    <message>
        <source>Open model</source>
        <translation>모델 열기</translation>
    </message>
    <message>
        <source>Keras models (*.keras);;All files (*)</source>
        <translation>Keras 모델 (*.keras);;모든 파일 (*)</translation>
    </message>
    <message>
        <source>Nothing to save</source>
        <translation>저장할 것이 없습니다</translation>
    </message>
    <message>
        <source>There is no model yet.</source>
        <translation>아직 모델이 없습니다.</translation>
    </message>
    <message>
        <source>Save model</source>
        <translation>모델 저장</translation>
    </message>
    <message>
        <source>Keras models (*.keras)</source>
        <translation>Keras 모델 (*.keras)</translation>
    </message>
    <message>
        <source>Cannot save model</source>
        <translation>모델을 저장할 수 없습니다</translation>
    </message>
    <message>
        <source>Saved {}</source>
        <translation>저장함: {}</translation>
    </message>
    <message>
        <source>Test image number {}, a {}, is on the canvas.</source>
        <translation>테스트 이미지 {}번, 숫자 {}이(가) 캔버스에 놓였습니다.</translation>
    </message>
    <message>
        <source>The network says: {}</source>
        <translation>신경망의 답: {}</translation>
    </message>
    <message>
        <source>Impossible settings</source>
        <translation>불가능한 설정</translation>
    </message>
    <message>
        <source>Starting… (loading the data and TensorFlow)</source>
        <translation>시작하는 중… (데이터와 TensorFlow를 불러오고 있습니다)</translation>
    </message>
    <message>
        <source>Resume</source>
        <translation>계속</translation>
    </message>
    <message>
        <source>Paused</source>
        <translation>일시 정지됨</translation>
    </message>
    <message>
        <source>Pause</source>
        <translation>일시 정지</translation>
    </message>
    <message>
        <source>Training on {} images, validating on {}</source>
        <translation>이미지 {}개로 훈련하고 {}개로 검증합니다</translation>
    </message>
    <message>
        <source>{}epoch {}/{} · batch {}/{} · {} images/s · {} left</source>
        <translation>{}에포크 {}/{} · 배치 {}/{} · 초당 이미지 {}개 · 남은 시간 {}</translation>
    </message>
    <message>
        <source>{}epoch {}: loss {:.4f}, accuracy {:.2%}</source>
        <translation>{}에포크 {}: 손실 {:.4f}, 정확도 {:.2%}</translation>
    </message>
    <message>
        <source> · validation {:.2%}</source>
        <translation> · 검증 {:.2%}</translation>
    </message>
    <message>
        <source> · penalty {:.4f}</source>
        <translation> · 규제 손실 {:.4f}</translation>
    </message>
    <message>
        <source>Trained in {} · test accuracy {:.2%}</source>
        <translation>학습 시간 {} · 테스트 정확도 {:.2%}</translation>
    </message>
    <message>
        <source> (members alone: {})</source>
        <translation> (멤버 하나하나: {})</translation>
    </message>
    <message>
        <source> · {}-fold validation accuracy {:.2%} ± {:.2%}, predicting with fold {}</source>
        <translation> · {}-폴드 검증 정확도 {:.2%} ± {:.2%}, 폴드 {}(으)로 예측</translation>
    </message>
    <message>
        <source>Stopped early. </source>
        <translation>일찍 중지함. </translation>
    </message>
    <message>
        <source>Training failed</source>
        <translation>학습 실패</translation>
    </message>
    <message>
        <source>Stopped before any network finished; the previous model still predicts</source>
        <translation>신경망 학습이 끝나기 전에 중지했습니다. 이전 모델로 계속 예측합니다</translation>
    </message>
    <message>
        <source>Wait for the model to load, or train one.</source>
        <translation>모델을 다 불러올 때까지 기다리거나, 모델을 학습시키세요.</translation>
    </message>
    <message>
        <source>{} on the test set</source>
        <translation>테스트 세트에서 {} 평가</translation>
    </message>
    <message>
        <source>Zoom {:.0%}</source>
        <translation>확대/축소 {:.0%}</translation>
    </message>
    <message>
        <source>About digitpad</source>
        <translation>digitpad 정보</translation>
    </message>
    <message>
        <source>&lt;h3&gt;digitpad {}&lt;/h3&gt;&lt;p&gt;Draw a digit and watch a convolutional network classify it; train it yourself and see overfitting and its cures.&lt;/p&gt;&lt;p&gt;The network is the classic Keras MNIST CNN. The MNIST database is by Yann LeCun, Corinna Cortes and Christopher J.C. Burges, used under CC BY-SA 3.0.&lt;/p&gt;</source>
        <translation>&lt;h3&gt;digitpad {}&lt;/h3&gt;&lt;p&gt;숫자를 그리면 합성곱 신경망이 그 숫자를 분류하는 모습을 볼 수 있습니다. 신경망을 직접 학습시키면서 과적합과 그 해결책을 확인해 보세요.&lt;/p&gt;&lt;p&gt;신경망은 Keras의 고전적인 MNIST CNN 예제입니다. MNIST 데이터베이스는 Yann LeCun, Corinna Cortes, Christopher J.C. Burges가 만들었으며 CC BY-SA 3.0 라이선스에 따라 사용합니다.&lt;/p&gt;</translation>
    </message>
</context>
<context>
    <name>Messages</name>
    <message>
        <source>{path}: file not found</source>
        <translation>{path}: 파일을 찾을 수 없습니다</translation>
    </message>
    <message>
        <source>{path}: permission denied</source>
        <translation>{path}: 접근 권한이 없습니다</translation>
    </message>
    <message>
        <source>{path}: is a folder, not a file</source>
        <translation>{path}: 파일이 아니라 폴더입니다</translation>
    </message>
    <message>
        <source>{path}: part of this path is not a folder</source>
        <translation>{path}: 경로의 일부가 폴더가 아닙니다</translation>
    </message>
    <message>
        <source>{path}: the disk is full</source>
        <translation>{path}: 디스크가 가득 찼습니다</translation>
    </message>
    <message>
        <source>{path}: the disk or folder is read-only</source>
        <translation>{path}: 디스크나 폴더가 읽기 전용입니다</translation>
    </message>
    <message>
        <source>{path}: the system could not read or write this file (error {error})</source>
        <translation>{path}: 시스템이 이 파일을 읽거나 쓰지 못했습니다 (오류 {error})</translation>
    </message>
    <message>
        <source>a file could not be written: the disk is full</source>
        <translation>파일을 쓸 수 없습니다. 디스크가 가득 찼습니다</translation>
    </message>
    <message>
        <source>a file could not be read or written: permission denied</source>
        <translation>파일을 읽거나 쓸 수 없습니다. 접근 권한이 없습니다</translation>
    </message>
    <message>
        <source>a file could not be written: the disk or folder is read-only</source>
        <translation>파일을 쓸 수 없습니다. 디스크나 폴더가 읽기 전용입니다</translation>
    </message>
    <message>
        <source>a file could not be read or written (system error {error})</source>
        <translation>파일을 읽거나 쓸 수 없습니다 (시스템 오류 {error})</translation>
    </message>
    <message>
        <source>unexpected error ({detail}); the details are in {log}</source>
        <translation>예상하지 못한 오류입니다 ({detail}). 자세한 내용은 {log}에 있습니다</translation>
    </message>
    <message>
        <source>unexpected error ({detail}); run again with --debug for the details</source>
        <translation>예상하지 못한 오류입니다 ({detail}). 자세한 내용은 --debug를 붙여 다시 실행해 보세요</translation>
    </message>
    <message>
        <source>not enough memory; try fewer training images, a smaller batch or pooling on (details in {log})</source>
        <translation>메모리가 부족합니다. 훈련 이미지 수나 배치 크기를 줄이거나 풀링을 켜 보세요 (자세한 내용: {log})</translation>
    </message>
    <message>
        <source>not enough memory; try fewer training images, a smaller batch or pooling on</source>
        <translation>메모리가 부족합니다. 훈련 이미지 수나 배치 크기를 줄이거나 풀링을 켜 보세요</translation>
    </message>
    <message>
        <source>{path}: a named pipe, not a file; digitpad reads only ordinary files</source>
        <translation>{path}: 파일이 아니라 이름 있는 파이프입니다. digitpad는 일반 파일만 읽습니다</translation>
    </message>
    <message>
        <source>{path}: a device, not a file; digitpad reads only ordinary files</source>
        <translation>{path}: 파일이 아니라 장치입니다. digitpad는 일반 파일만 읽습니다</translation>
    </message>
    <message>
        <source>{path}: not an ordinary file; digitpad reads only ordinary files</source>
        <translation>{path}: 일반 파일이 아닙니다. digitpad는 일반 파일만 읽습니다</translation>
    </message>
    <message>
        <source>{path}: too big ({size:,} bytes; digitpad reads at most {limit:,} bytes from such a file)</source>
        <translation>{path}: 너무 큽니다 ({size:,}바이트. 이런 파일은 최대 {limit:,}바이트까지만 읽습니다)</translation>
    </message>
    <message>
        <source>{path}: the zip archive lists {count:,} entries, more than {limit} (damaged, or not what it claims to be)</source>
        <translation>{path}: zip 압축 파일의 항목이 {count:,}개로 {limit}개보다 많습니다 (손상되었거나 겉보기와 다른 파일입니다)</translation>
    </message>
    <message>
        <source>{path}: the zip archive&apos;s directory takes {size:,} bytes, more than {limit:,} (damaged, or not what it claims to be)</source>
        <translation>{path}: zip 압축 파일의 목록이 {size:,}바이트로 {limit:,}바이트보다 큽니다 (손상되었거나 겉보기와 다른 파일입니다)</translation>
    </message>
    <message>
        <source>{path}: unpacks to {megabytes:,.0f} MB in all, more than {limit} MB (a zip bomb?)</source>
        <translation>{path}: 압축을 풀면 모두 {megabytes:,.0f}MB로, {limit}MB보다 큽니다 (zip 폭탄일 수 있습니다)</translation>
    </message>
    <message>
        <source>{path}: folder not found</source>
        <translation>{path}: 폴더를 찾을 수 없습니다</translation>
    </message>
    <message>
        <source>{path}: not found</source>
        <translation>{path}: 찾을 수 없습니다</translation>
    </message>
    <message>
        <source>{path}: not a dataset; give a folder of IDX files or an .npz file</source>
        <translation>{path}: 데이터셋이 아닙니다. IDX 파일이 든 폴더나 .npz 파일을 지정하세요</translation>
    </message>
    <message>
        <source>{path}: truncated or corrupt gzip data ({detail})</source>
        <translation>{path}: gzip 데이터가 잘렸거나 손상되었습니다 ({detail})</translation>
    </message>
    <message>
        <source>{path}: too short to be an IDX file ({size} bytes)</source>
        <translation>{path}: IDX 파일이라고 하기에는 너무 짧습니다 ({size}바이트)</translation>
    </message>
    <message>
        <source>{path}: wrong magic number 0x{magic:08x}; an IDX images file starts with 0x{expected:08x}</source>
        <translation>{path}: 매직 넘버 0x{magic:08x}이(가) 잘못되었습니다. IDX 이미지 파일은 0x{expected:08x}(으)로 시작합니다</translation>
    </message>
    <message>
        <source>{path}: wrong magic number 0x{magic:08x}; an IDX labels file starts with 0x{expected:08x}</source>
        <translation>{path}: 매직 넘버 0x{magic:08x}이(가) 잘못되었습니다. IDX 레이블 파일은 0x{expected:08x}(으)로 시작합니다</translation>
    </message>
    <message>
        <source>{path}: truncated header</source>
        <translation>{path}: 헤더가 잘렸습니다</translation>
    </message>
    <message>
        <source>{path}: images are {size}, digitpad needs 28x28</source>
        <translation>{path}: 이미지 크기가 {size}입니다. digitpad에는 28x28 이미지가 필요합니다</translation>
    </message>
    <message>
        <source>{path}: truncated: the header promises {expected:,} bytes of data, the file has {got:,}</source>
        <translation>{path}: 파일이 잘렸습니다. 헤더에는 데이터가 {expected:,}바이트라고 되어 있지만 파일에는 {got:,}바이트뿐입니다</translation>
    </message>
    <message>
        <source>{path}: images have shape {shape}; digitpad needs (n, 28, 28)</source>
        <translation>{path}: 이미지 배열의 모양이 {shape}입니다. digitpad에는 (n, 28, 28)이 필요합니다</translation>
    </message>
    <message>
        <source>{path}: labels have shape {shape}; digitpad needs (n,)</source>
        <translation>{path}: 레이블 배열의 모양이 {shape}입니다. digitpad에는 (n,)이 필요합니다</translation>
    </message>
    <message>
        <source>{path}: {images:,} images but {labels:,} labels; the counts must match</source>
        <translation>{path}: 이미지는 {images:,}개인데 레이블은 {labels:,}개입니다. 개수가 같아야 합니다</translation>
    </message>
    <message>
        <source>{path}: no images</source>
        <translation>{path}: 이미지가 없습니다</translation>
    </message>
    <message>
        <source>{path}: label {label} out of range; labels must be 0 to 9</source>
        <translation>{path}: 레이블 {label}이(가) 범위를 벗어났습니다. 레이블은 0부터 9까지여야 합니다</translation>
    </message>
    <message>
        <source>{path}: pixel values outside 0..255</source>
        <translation>{path}: 픽셀 값이 0..255 범위를 벗어났습니다</translation>
    </message>
    <message>
        <source>{path}: missing arrays {names} (a Keras-style mnist.npz has x_train, y_train, x_test, y_test)</source>
        <translation>{path}: {names} 배열이 없습니다 (Keras 형식의 mnist.npz에는 x_train, y_train, x_test, y_test가 있습니다)</translation>
    </message>
    <message>
        <source>{path}: not a readable .npz file ({detail})</source>
        <translation>{path}: 읽을 수 있는 .npz 파일이 아닙니다 ({detail})</translation>
    </message>
    <message>
        <source>{path}: {megabytes:,.0f} MB is too big for a handwriting file (at most {limit} MB)</source>
        <translation>{path}: {megabytes:,.0f}MB는 손글씨 파일로는 너무 큽니다 (최대 {limit}MB)</translation>
    </message>
    <message>
        <source>{path}: unpacks to {megabytes:,.0f} MB, more than {limit} MB (a zip bomb?)</source>
        <translation>{path}: 압축을 풀면 {megabytes:,.0f}MB로, {limit}MB보다 큽니다 (zip 폭탄일 수 있습니다)</translation>
    </message>
    <message>
        <source>{path}: images are {dtype}; a data set&apos;s pixels must be whole numbers from 0 to 255 (uint8 is best)</source>
        <translation>{path}: 이미지 자료형이 {dtype}입니다. 데이터 세트의 픽셀은 0부터 255까지의 정수여야 합니다 (uint8이 가장 좋습니다)</translation>
    </message>
    <message>
        <source>{path}: images are {dtype} between 0 and 1; a data set&apos;s pixels are 0 to 255 (multiply by 255 and store them as uint8)</source>
        <translation>{path}: 이미지가 0과 1 사이의 {dtype} 값입니다. 데이터 세트의 픽셀은 0부터 255까지입니다 (255를 곱해 uint8로 저장하세요)</translation>
    </message>
    <message>
        <source>{path}: images are {dtype} with values that are not whole numbers; digitpad converts only exactly (store them as uint8, 0 to 255)</source>
        <translation>{path}: 이미지가 정수가 아닌 값이 있는 {dtype}입니다. digitpad는 정확히 바꿀 수 있을 때만 변환합니다 (0부터 255까지의 uint8로 저장하세요)</translation>
    </message>
    <message>
        <source>{path}: not a plain numpy array ({detail})</source>
        <translation>{path}: 일반 numpy 배열이 아닙니다 ({detail})</translation>
    </message>
    <message>
        <source>{path}: holds Python objects or records (pickled data); digitpad reads only numbers and text</source>
        <translation>{path}: Python 객체나 레코드(pickle 데이터)가 들어 있습니다. digitpad는 숫자와 텍스트만 읽습니다</translation>
    </message>
    <message>
        <source>{path}: {count:,} entries; at most {limit:,} are accepted</source>
        <translation>{path}: 항목이 {count:,}개입니다. 최대 {limit:,}개까지만 받습니다</translation>
    </message>
    <message>
        <source>{path}: the array header promises {expected:,} bytes of data but the entry holds {got:,}</source>
        <translation>{path}: 배열 헤더에는 데이터가 {expected:,}바이트라고 되어 있지만 항목에는 {got:,}바이트가 있습니다</translation>
    </message>
    <message>
        <source>{path}: missing arrays {names} (a handwriting file has x: images, y: labels)</source>
        <translation>{path}: {names} 배열이 없습니다 (손글씨 파일에는 x: 이미지, y: 레이블이 있습니다)</translation>
    </message>
    <message>
        <source>{path}: &apos;format&apos; must be one short text, like {expected!r}</source>
        <translation>{path}: &apos;format&apos;은 {expected!r}처럼 짧은 텍스트 하나여야 합니다</translation>
    </message>
    <message>
        <source>{path}: format {got!r} is not a digitpad handwriting file</source>
        <translation>{path}: 형식 {got!r}은(는) digitpad 손글씨 파일이 아닙니다</translation>
    </message>
    <message>
        <source>{path}: format {got!r} comes from a newer digitpad; this one reads {expected!r}</source>
        <translation>{path}: 형식 {got!r}은(는) 더 새로운 digitpad에서 만든 것입니다. 이 버전은 {expected!r}을(를) 읽습니다</translation>
    </message>
    <message>
        <source>{path}: images are {dtype}; digitpad reads uint8 (0-255) or float (0-1)</source>
        <translation>{path}: 이미지 자료형이 {dtype}입니다. digitpad는 uint8(0-255)이나 float(0-1)을 읽습니다</translation>
    </message>
    <message>
        <source>{path}: float pixel values must lie between 0 and 1</source>
        <translation>{path}: 실수 픽셀 값은 0과 1 사이여야 합니다</translation>
    </message>
    <message>
        <source>{path}: labels have shape {shape}; {count:,} images need shape ({count},)</source>
        <translation>{path}: 레이블 배열의 모양이 {shape}입니다. 이미지가 {count:,}개이므로 모양은 ({count},)이어야 합니다</translation>
    </message>
    <message>
        <source>{path}: labels are {dtype}; they must be whole numbers 0 to 9</source>
        <translation>{path}: 레이블 자료형이 {dtype}입니다. 레이블은 0부터 9까지의 정수여야 합니다</translation>
    </message>
    <message>
        <source>{path}: importing {count:,} samples would exceed {limit:,} in all</source>
        <translation>{path}: 샘플 {count:,}개를 가져오면 전체가 {limit:,}개를 넘습니다</translation>
    </message>
    <message>
        <source>{problem} (moved aside to {aside})</source>
        <translation>{problem} (파일을 {aside}(으)로 옮겨 두었습니다)</translation>
    </message>
    <message>
        <source>a sample must be a 28x28 image (got shape {shape})</source>
        <translation>샘플은 28x28 이미지여야 합니다 (입력 모양: {shape})</translation>
    </message>
    <message>
        <source>a label must be a digit 0 to 9 (got {got!r})</source>
        <translation>레이블은 0부터 9까지의 숫자여야 합니다 (입력값: {got!r})</translation>
    </message>
    <message>
        <source>the store is full ({limit:,} samples)</source>
        <translation>저장 공간이 가득 찼습니다 (샘플 {limit:,}개)</translation>
    </message>
    <message>
        <source>no sample {index} (the store has {count})</source>
        <translation>{index}번 샘플이 없습니다 (저장된 샘플은 {count}개)</translation>
    </message>
    <message>
        <source>there are no samples of your own handwriting to fine-tune on yet</source>
        <translation>미세 조정에 쓸 내 손글씨 샘플이 아직 없습니다</translation>
    </message>
    <message>
        <source>this ensemble has {outputs} outputs but {found} member networks were found; digitpad can fine-tune only the ensembles it builds</source>
        <translation>이 앙상블의 출력은 {outputs}개인데 멤버 네트워크는 {found}개만 찾았습니다. digitpad는 직접 만든 앙상블만 미세 조정할 수 있습니다</translation>
    </message>
    <message>
        <source>{path}: model files must end in .keras</source>
        <translation>{path}: 모델 파일 이름은 .keras로 끝나야 합니다</translation>
    </message>
    <message>
        <source>{path}: only {free:,.0f} MB free there; the model needs about {need:,.0f} MB</source>
        <translation>{path}: 남은 공간이 {free:,.0f}MB뿐입니다. 모델에는 약 {need:,.0f}MB가 필요합니다</translation>
    </message>
    <message>
        <source>{problem}; the trained model was saved instead as {path}</source>
        <translation>{problem}. 학습한 모델은 대신 {path}에 저장했습니다</translation>
    </message>
    <message>
        <source>{problem}; the trained model could not be saved anywhere ({other})</source>
        <translation>{problem}. 학습한 모델을 어디에도 저장하지 못했습니다 ({other})</translation>
    </message>
    <message>
        <source>{path}: not a model file, or the file is damaged ({detail})</source>
        <translation>{path}: 모델 파일이 아니거나 파일이 손상되었습니다 ({detail})</translation>
    </message>
    <message>
        <source>{path}: the model&apos;s digitpad metadata is damaged ({detail})</source>
        <translation>{path}: 모델의 digitpad 메타데이터가 손상되었습니다 ({detail})</translation>
    </message>
    <message>
        <source>{path}: the model&apos;s digitpad metadata is damaged (not a JSON object)</source>
        <translation>{path}: 모델의 digitpad 메타데이터가 손상되었습니다 (JSON 객체가 아님)</translation>
    </message>
    <message>
        <source>{path}: too large to be a digitpad model ({size:,} bytes)</source>
        <translation>{path}: digitpad 모델이라고 하기에는 너무 큽니다 ({size:,}바이트)</translation>
    </message>
    <message>
        <source>{path}: not a .keras model file (it is another kind of file, or damaged)</source>
        <translation>{path}: .keras 모델 파일이 아닙니다(다른 종류의 파일이거나 손상되었습니다)</translation>
    </message>
    <message>
        <source>{path}: a {format} image, not a model file (model files end in .keras)</source>
        <translation>{path}: 모델 파일이 아니라 {format} 이미지입니다(모델 파일은 .keras로 끝납니다)</translation>
    </message>
    <message>
        <source>{path}: not a Keras model file (config.json or model.weights.h5 is missing)</source>
        <translation>{path}: Keras 모델 파일이 아닙니다 (config.json 또는 model.weights.h5가 없음)</translation>
    </message>
    <message>
        <source>{path}: the file is damaged (entry {entry} fails its checksum)</source>
        <translation>{path}: 파일이 손상되었습니다 (항목 {entry}의 체크섬이 맞지 않음)</translation>
    </message>
    <message>
        <source>{path}: cannot load this model ({detail})</source>
        <translation>{path}: 이 모델을 불러올 수 없습니다 ({detail})</translation>
    </message>
    <message>
        <source>{path}: the description of the network (config.json) is damaged ({detail})</source>
        <translation>{path}: 신경망 설명(config.json)이 손상되었습니다 ({detail})</translation>
    </message>
    <message>
        <source>{path}: a {layer} layer, which digitpad cannot check before building it (it reads networks of convolution, pooling, dense, normalization, dropout and similar layers)</source>
        <translation>{path}: {layer} 층이 있습니다. digitpad는 이 층을 만들기 전에 검사할 수 없습니다 (합성곱, 풀링, 밀집, 정규화, 드롭아웃 같은 층으로 된 신경망만 읽습니다)</translation>
    </message>
    <message>
        <source>{path}: the network declares {count:,} layers, more than {limit:,}</source>
        <translation>{path}: 신경망의 층이 {count:,}개로 {limit:,}개보다 많습니다</translation>
    </message>
    <message>
        <source>{path}: the network declares {count:,} parameters, more than {limit:,}</source>
        <translation>{path}: 신경망의 파라미터가 {count:,}개로 {limit:,}개보다 많습니다</translation>
    </message>
    <message>
        <source>{path}: layer {layer} gives {count:,} values per image, more than {limit:,}</source>
        <translation>{path}: {layer} 층이 이미지 하나당 {count:,}개의 값을 내보내, {limit:,}개보다 많습니다</translation>
    </message>
    <message>
        <source>{path}: the weights declare {megabytes:,.0f} MB but the file holds {stored:,.0f} MB (a hidden bomb?)</source>
        <translation>{path}: 가중치는 {megabytes:,.0f}MB라고 하지만 파일에는 {stored:,.0f}MB만 있습니다 (숨겨진 폭탄일 수 있습니다)</translation>
    </message>
    <message>
        <source>{path}: not a digit classifier (it has no single input and output)</source>
        <translation>{path}: 숫자 분류 모델이 아닙니다 (입력과 출력이 하나씩이 아님)</translation>
    </message>
    <message>
        <source>{path}: not a digit classifier: digitpad needs 28x28x1 images in and 10 probabilities out, this model takes {input} and gives {output}</source>
        <translation>{path}: 숫자 분류 모델이 아닙니다. digitpad에는 28x28x1 이미지를 받아 확률 10개를 내놓는 모델이 필요한데, 이 모델의 입력은 {input}, 출력은 {output}입니다</translation>
    </message>
    <message>
        <source>{path}: cannot read this image ({detail})</source>
        <translation>{path}: 이 이미지를 읽을 수 없습니다 ({detail})</translation>
    </message>
    <message>
        <source>{path}: {width:,} x {height:,} pixels is more than digitpad reads ({limit:,} in all)</source>
        <translation>{path}: {width:,} x {height:,} 픽셀은 digitpad가 읽는 크기보다 큽니다 (모두 {limit:,}픽셀까지)</translation>
    </message>
    <message>
        <source>{path}: more pixels than digitpad reads ({limit:,} in all); a decompression bomb?</source>
        <translation>{path}: 픽셀이 digitpad가 읽는 수보다 많습니다 (모두 {limit:,}픽셀까지). 압축 폭탄일 수 있습니다</translation>
    </message>
    <message>
        <source>this model has no convolutional network to look inside</source>
        <translation>이 모델에는 들여다볼 합성곱 신경망이 없습니다</translation>
    </message>
    <message>
        <source>{path}: too big for a lesson file (more than {kilobytes} KB)</source>
        <translation>{path}: 수업 파일로는 너무 큽니다 ({kilobytes}KB 초과)</translation>
    </message>
    <message>
        <source>{path}: not a text file (a lesson is UTF-8 JSON)</source>
        <translation>{path}: 텍스트 파일이 아닙니다 (수업 파일은 UTF-8 JSON입니다)</translation>
    </message>
    <message>
        <source>{path}: not valid JSON (line {line}, column {column})</source>
        <translation>{path}: 올바른 JSON이 아닙니다 ({line}번째 줄, {column}번째 칸)</translation>
    </message>
    <message>
        <source>{path}: nested too deeply to be a lesson</source>
        <translation>{path}: 수업 파일이라고 하기에는 너무 깊이 중첩되어 있습니다</translation>
    </message>
    <message>
        <source>{path}: the key {key!r} appears twice</source>
        <translation>{path}: 키 {key!r}이(가) 두 번 나옵니다</translation>
    </message>
    <message>
        <source>{path}: {name} is not a number JSON allows</source>
        <translation>{path}: {name}은(는) JSON에서 허용하는 숫자가 아닙니다</translation>
    </message>
    <message>
        <source>{path}: a number with too many digits</source>
        <translation>{path}: 자릿수가 너무 많은 숫자가 있습니다</translation>
    </message>
    <message>
        <source>{path}: a lesson is a JSON object ({{...}})</source>
        <translation>{path}: 수업 파일은 JSON 객체({{...}})여야 합니다</translation>
    </message>
    <message>
        <source>{path}: unknown key {key!r} (a lesson has: {known})</source>
        <translation>{path}: 알 수 없는 키 {key!r} (수업 파일에 쓸 수 있는 키: {known})</translation>
    </message>
    <message>
        <source>{path}: &apos;format&apos; must be {expected!r} (got {got!r})</source>
        <translation>{path}: &apos;format&apos;은 {expected!r}여야 합니다 (입력값: {got!r})</translation>
    </message>
    <message>
        <source>{path}: &apos;{field}&apos; must be text, or an object of language codes to texts</source>
        <translation>{path}: &apos;{field}&apos;은(는) 텍스트이거나, 언어 코드별 텍스트를 담은 객체여야 합니다</translation>
    </message>
    <message>
        <source>{path}: &apos;{field}&apos; must be text of {shortest} to {longest} characters</source>
        <translation>{path}: &apos;{field}&apos;은(는) {shortest}자에서 {longest}자 사이의 텍스트여야 합니다</translation>
    </message>
    <message>
        <source>{path}: &apos;settings&apos; must be an object of setting names and values</source>
        <translation>{path}: &apos;settings&apos;는 설정 이름과 값을 담은 객체여야 합니다</translation>
    </message>
    <message>
        <source>{path}: unknown setting {name!r} (a lesson can set: {known})</source>
        <translation>{path}: 알 수 없는 설정 {name!r} (수업에서 정할 수 있는 설정: {known})</translation>
    </message>
    <message>
        <source>{path}: {name} must be from {low:g} to {high:g} (got {got:g})</source>
        <translation>{path}: {name} 값은 {low:g}부터 {high:g}까지여야 합니다 (입력값: {got:g})</translation>
    </message>
    <message>
        <source>{path}: &apos;{key}&apos; must be a list of control names</source>
        <translation>{path}: &apos;{key}&apos;은(는) 컨트롤 이름의 목록이어야 합니다</translation>
    </message>
    <message>
        <source>{path}: unknown control {name!r} in &apos;{key}&apos; (controls: {known})</source>
        <translation>{path}: &apos;{key}&apos;에 알 수 없는 컨트롤 {name!r}이(가) 있습니다 (컨트롤: {known})</translation>
    </message>
    <message>
        <source>{path}: impossible settings: {problems}</source>
        <translation>{path}: 불가능한 설정: {problems}</translation>
    </message>
    <message>
        <source>{path}: the experiment file is damaged ({detail})</source>
        <translation>{path}: 실험 파일이 손상되었습니다 ({detail})</translation>
    </message>
    <message>
        <source>{path}: not an experiment file, or the file is damaged ({detail})</source>
        <translation>{path}: 실험 파일이 아니거나 파일이 손상되었습니다 ({detail})</translation>
    </message>
    <message>
        <source>{path}: not a digitpad experiment file</source>
        <translation>{path}: digitpad 실험 파일이 아닙니다</translation>
    </message>
    <message>
        <source>{path}: not a digitpad run (format {got!r})</source>
        <translation>{path}: digitpad 실행 기록이 아닙니다 (형식 {got!r})</translation>
    </message>
    <message>
        <source>{path}: the curves are damaged ({got:,} bytes where the run lists {expected:,})</source>
        <translation>{path}: 곡선 데이터가 손상되었습니다 (실행 기록에는 {expected:,}바이트인데 {got:,}바이트입니다)</translation>
    </message>
    <message>
        <source>{path}: too large to be an experiment file ({size:,} bytes)</source>
        <translation>{path}: 실험 파일이라기엔 너무 큽니다 ({size:,}바이트)</translation>
    </message>
    <message>
        <source>choose a nickname</source>
        <translation>별명을 정하세요</translation>
    </message>
    <message>
        <source>{name!r} cannot be a nickname: use up to {longest} letters, digits, spaces, dots or dashes, and no e-mail address or long number</source>
        <translation>{name!r}은(는) 별명으로 쓸 수 없습니다. 글자, 숫자, 공백, 점, 대시를 {longest}자까지 쓰고, 이메일 주소나 긴 숫자는 쓰지 마세요</translation>
    </message>
    <message>
        <source>another student of this class is called {name!r}; choose another nickname</source>
        <translation>이 반에 {name!r}(이)라는 학생이 이미 있습니다. 다른 별명을 고르세요</translation>
    </message>
    <message>
        <source>give the class a name</source>
        <translation>반 이름을 정하세요</translation>
    </message>
    <message>
        <source>{name!r} cannot be a class name: use up to {longest} letters, digits, spaces, dots or dashes</source>
        <translation>{name!r}은(는) 반 이름으로 쓸 수 없습니다. 글자, 숫자, 공백, 점, 대시를 {longest}자까지 쓰세요</translation>
    </message>
    <message>
        <source>join the class first</source>
        <translation>먼저 반에 참여하세요</translation>
    </message>
    <message>
        <source>{path}: the class folder is not there (is the share connected?)</source>
        <translation>{path}: 반 폴더가 없습니다 (공유 폴더가 연결되어 있나요?)</translation>
    </message>
    <message>
        <source>{path}: this class has a teacher passphrase already</source>
        <translation>{path}: 이 반에는 이미 교사 암호가 있습니다</translation>
    </message>
    <message>
        <source>that is not the teacher passphrase of this class</source>
        <translation>이 반의 교사 암호가 아닙니다</translation>
    </message>
    <message>
        <source>the teacher passphrase needs at least {shortest} characters</source>
        <translation>교사 암호는 {shortest}자 이상이어야 합니다</translation>
    </message>
    <message>
        <source>{path}: a link; a class folder holds only ordinary files, so it was left out</source>
        <translation>{path}: 링크입니다. 반 폴더에는 일반 파일만 있어야 하므로 건너뛰었습니다</translation>
    </message>
    <message>
        <source>{path}: too big for a class folder file ({size:,} bytes; at most {limit:,})</source>
        <translation>{path}: 반 폴더 파일로는 너무 큽니다 ({size:,}바이트, 최대 {limit:,}바이트)</translation>
    </message>
    <message>
        <source>{path}: damaged, left out ({detail})</source>
        <translation>{path}: 손상되어 건너뛰었습니다 ({detail})</translation>
    </message>
    <message>
        <source>{path}: not a digitpad class file, left out</source>
        <translation>{path}: digitpad 반 파일이 아니어서 건너뛰었습니다</translation>
    </message>
    <message>
        <source>{path}: not a file digitpad puts in a class folder, left out</source>
        <translation>{path}: digitpad가 반 폴더에 두는 파일이 아니어서 건너뛰었습니다</translation>
    </message>
    <message>
        <source>{path}: the published model changed while it was being copied; try again</source>
        <translation>{path}: 게시된 모델이 복사하는 동안 바뀌었습니다. 다시 시도하세요</translation>
    </message>
    <message>
        <source>the {format} converter could not convert this model ({detail})</source>
        <translation>{format} 변환기가 이 모델을 변환하지 못했습니다 ({detail})</translation>
    </message>
    <message>
        <source>ONNX export needs the ONNX converter and runtime: install digitpad with its &apos;onnx&apos; extra (pip install &apos;digitpad[onnx]&apos;)</source>
        <translation>ONNX로 내보내려면 ONNX 변환기와 런타임이 필요합니다: digitpad를 &apos;onnx&apos; 추가 기능과 함께 설치하세요 (pip install &apos;digitpad[onnx]&apos;)</translation>
    </message>
    <message>
        <source>unknown export format {got!r} (choose one of {choices})</source>
        <translation>알 수 없는 내보내기 형식 {got!r} ({choices} 중에서 고르세요)</translation>
    </message>
    <message>
        <source>cannot export layer {layer} ({kind}) to a web page</source>
        <translation>{layer} 층({kind})은 웹 페이지로 내보낼 수 없습니다</translation>
    </message>
    <message>
        <source>{path}: not written: the exported model differs from the app&apos;s by up to {difference:.2g} (at most {tolerance:g} is allowed)</source>
        <translation>{path}: 저장하지 않았습니다: 내보낸 모델이 앱과 최대 {difference:.2g}만큼 다릅니다 (허용 한도 {tolerance:g})</translation>
    </message>
    <message>
        <source>the web page&apos;s embedded model is damaged ({detail})</source>
        <translation>웹 페이지에 들어 있는 모델이 손상되었습니다 ({detail})</translation>
    </message>
    <message>
        <source>impossible settings: {problems}</source>
        <translation>불가능한 설정: {problems}</translation>
    </message>
    <message>
        <source>dense layer width must be a whole number from 1 to 4096 (got {got})</source>
        <translation>밀집층 너비는 1부터 4096까지의 정수여야 합니다 (입력값: {got})</translation>
    </message>
    <message>
        <source>{name} rate must be between 0 and 1 (got {got})</source>
        <translation>{name} 규제 값은 0과 1 사이여야 합니다 (입력값: {got})</translation>
    </message>
    <message>
        <source>dropout rate must be at least 0 and below 1 (got {got})</source>
        <translation>드롭아웃 비율은 0 이상 1 미만이어야 합니다 (입력값: {got})</translation>
    </message>
    <message>
        <source>learning rate must be above 0 and at most 1 (got {got})</source>
        <translation>학습률은 0보다 크고 1 이하여야 합니다 (입력값: {got})</translation>
    </message>
    <message>
        <source>learning-rate schedule must be one of {choices} (got {got!r})</source>
        <translation>학습률 스케줄은 {choices} 중 하나여야 합니다 (입력값: {got!r})</translation>
    </message>
    <message>
        <source>batch size must be a whole number from 1 to 8192 (got {got})</source>
        <translation>배치 크기는 1부터 8192까지의 정수여야 합니다 (입력값: {got})</translation>
    </message>
    <message>
        <source>epochs must be a whole number from 1 to 1000 (got {got})</source>
        <translation>에포크 수는 1부터 1000까지의 정수여야 합니다 (입력값: {got})</translation>
    </message>
    <message>
        <source>validation split must be between 0 and 0.5 (got {got})</source>
        <translation>검증 비율은 0과 0.5 사이여야 합니다 (입력값: {got})</translation>
    </message>
    <message>
        <source>training samples must be 0 (all) or more (got {got})</source>
        <translation>훈련 이미지 수는 0(전체) 이상이어야 합니다 (입력값: {got})</translation>
    </message>
    <message>
        <source>patience must be 0 or more epochs (got {got})</source>
        <translation>인내(patience)는 0 에포크 이상이어야 합니다 (입력값: {got})</translation>
    </message>
    <message>
        <source>early stopping watches one of {choices} (got {got!r})</source>
        <translation>조기 종료는 {choices} 중 하나를 지켜봐야 합니다 (입력값: {got!r})</translation>
    </message>
    <message>
        <source>early stopping on {monitor} needs a validation split above 0</source>
        <translation>{monitor} 기준으로 조기 종료하려면 검증 비율이 0보다 커야 합니다</translation>
    </message>
    <message>
        <source>ensemble members must be from 1 to 20 (got {got})</source>
        <translation>앙상블 멤버 수는 1부터 20까지여야 합니다 (입력값: {got})</translation>
    </message>
    <message>
        <source>k-fold needs k from 2 to 20, or 0 for off (got {got})</source>
        <translation>k-폴드 교차 검증의 k는 2부터 20까지여야 하며, 끄려면 0입니다 (입력값: {got})</translation>
    </message>
    <message>
        <source>choose either a bagging ensemble or k-fold cross-validation, not both</source>
        <translation>배깅 앙상블과 k-폴드 교차 검증 중 하나만 고르세요</translation>
    </message>
    <message>
        <source>precision must be one of {choices} (got {got!r})</source>
        <translation>정밀도(precision)는 {choices} 중 하나여야 합니다 (입력값: {got!r})</translation>
    </message>
    <message>
        <source>steps per execution must be 1 or more (got {got})</source>
        <translation>실행당 스텝 수는 1 이상이어야 합니다 (입력값: {got})</translation>
    </message>
    <message>
        <source>the seed must be a whole number from 0 to 4294967295 (got {got})</source>
        <translation>시드는 0부터 4294967295까지의 정수여야 합니다 (입력값: {got})</translation>
    </message>
    <message>
        <source>warm-up must be 0 to 100 epochs (got {got})</source>
        <translation>워밍업은 0에서 100 에포크 사이여야 합니다 (입력값: {got})</translation>
    </message>
    <message>
        <source>label smoothing must be at least 0 and below 0.5 (got {got})</source>
        <translation>레이블 스무딩은 0 이상 0.5 미만이어야 합니다 (입력값: {got})</translation>
    </message>
    <message>
        <source>jitter must be a whole number of pixels from 0 to 4 (got {got})</source>
        <translation>지터는 0에서 4 사이의 정수 픽셀 수여야 합니다 (입력값: {got})</translation>
    </message>
    <message>
        <source>{name} must be true or false (got {got!r})</source>
        <translation>{name} 값은 true 또는 false여야 합니다 (입력값: {got!r})</translation>
    </message>
    <message>
        <source>{name} must be a whole number (got {got!r})</source>
        <translation>{name} 값은 정수여야 합니다 (입력값: {got!r})</translation>
    </message>
    <message>
        <source>{name} must be a number (got {got!r})</source>
        <translation>{name} 값은 숫자여야 합니다 (입력값: {got!r})</translation>
    </message>
    <message>
        <source>{name} must be text (got {got!r})</source>
        <translation>{name} 값은 텍스트여야 합니다 (입력값: {got!r})</translation>
    </message>
    <message>
        <source>plain</source>
        <translation>기본 설정</translation>
    </message>
    <message>
        <source>L1 {rate:g}</source>
        <translation>L1 규제 {rate:g}</translation>
    </message>
    <message>
        <source>L2 {rate:g}</source>
        <translation>L2 규제 {rate:g}</translation>
    </message>
    <message>
        <source>dropout {rate:g}</source>
        <translation>드롭아웃 {rate:g}</translation>
    </message>
    <message>
        <source>dropout {rate:g} +conv</source>
        <translation>드롭아웃 {rate:g} +합성곱</translation>
    </message>
    <message>
        <source>no pooling</source>
        <translation>풀링 없음</translation>
    </message>
    <message>
        <source>dense {units}</source>
        <translation>밀집층 {units}</translation>
    </message>
    <message>
        <source>augment</source>
        <translation>데이터 증강</translation>
    </message>
    <message>
        <source>early stop p{patience}</source>
        <translation>조기 종료 p{patience}</translation>
    </message>
    <message>
        <source>bagging x{members}</source>
        <translation>배깅 ×{members}</translation>
    </message>
    <message>
        <source>{k}-fold</source>
        <translation>{k}-폴드</translation>
    </message>
    <message>
        <source>{count} samples</source>
        <translation>샘플 {count}개</translation>
    </message>
    <message>
        <source>model</source>
        <translation>모델</translation>
    </message>
    <message>
        <source>member {number}</source>
        <translation>멤버 {number}</translation>
    </message>
    <message>
        <source>fold {number}</source>
        <translation>폴드 {number}</translation>
    </message>
    <message>
        <source>{name} — test accuracy {accuracy:.2%}</source>
        <translation>{name} — 테스트 정확도 {accuracy:.2%}</translation>
    </message>
    <message>
        <source>{name} — test accuracy unknown</source>
        <translation>{name} — 테스트 정확도 알 수 없음</translation>
    </message>
    <message>
        <source>{name}, ensemble of {members} — test accuracy {accuracy:.2%}</source>
        <translation>{name}, 앙상블 {members}개 — 테스트 정확도 {accuracy:.2%}</translation>
    </message>
    <message>
        <source>{name}, ensemble of {members} — test accuracy unknown</source>
        <translation>{name}, 앙상블 {members}개 — 테스트 정확도 알 수 없음</translation>
    </message>
    <message>
        <source>Not enough memory for this training run. Try fewer training images, a smaller batch or pooling on.</source>
        <translation>이번 학습에 필요한 메모리가 부족합니다. 훈련 이미지 수나 배치 크기를 줄이거나 풀링을 켜 보세요.</translation>
    </message>
    <message>
        <source>Something unexpected went wrong. The details are in the log file.</source>
        <translation>예상하지 못한 문제가 생겼습니다. 자세한 내용은 로그 파일에 있습니다.</translation>
    </message>
    <message>
        <source>, </source>
        <translation>, </translation>
    </message>
    <message>
        <source>unsaved model</source>
        <translation>저장되지 않은 모델</translation>
    </message>
</context>
<context>
    <name>ModelInputPreview</name>
    <message>
        <source>what the network sees (28×28)</source>
        <translation>신경망이 보는 그림 (28×28)</translation>
    </message>
    <message>
        <source>Model input preview</source>
        <translation>모델 입력 미리 보기</translation>
    </message>
    <message>
        <source>The drawing after MNIST-style preprocessing: cropped, scaled to 20×20, centred</source>
        <translation>MNIST 방식으로 전처리한 그림: 여백을 잘라 내고 20×20 크기로 맞춘 뒤 가운데에 놓았습니다</translation>
    </message>
</context>
<context>
    <name>NetworkView</name>
    <message>
        <source>No model yet.</source>
        <translation>아직 모델이 없습니다.</translation>
    </message>
    <message>
        <source>The input: your drawing as 28×28 numbers, exactly what the network receives. Below, every small square is one feature map, scaled on its own so that its strongest value is white and 0 is black.</source>
        <translation>입력: 내 그림을 28×28개의 숫자로 나타낸 것으로, 신경망이 받는 그대로입니다. 아래의 작은 사각형 하나하나가 특성 맵이며, 각각 가장 강한 값은 흰색, 0은 검은색이 되도록 따로 맞춰 보여 줍니다.</translation>
    </message>
    <message>
        <source>Looking inside the network…</source>
        <translation>신경망 내부를 살펴보는 중…</translation>
    </message>
    <message>
        <source>This model is an ensemble; showing its first member.</source>
        <translation>이 모델은 앙상블입니다. 첫 번째 멤버를 보여 줍니다.</translation>
    </message>
    <message>
        <source>Draw a digit: every layer&apos;s feature maps follow your pen.</source>
        <translation>숫자를 그려 보세요. 각 층의 특성 맵이 펜을 따라 바뀝니다.</translation>
    </message>
    <message>
        <source>Cannot look inside this model: {}</source>
        <translation>이 모델의 내부를 볼 수 없습니다: {}</translation>
    </message>
    <message>
        <source>Feature {} of {} · strongest value {:.2f}</source>
        <translation>특성 {}/{} · 가장 강한 값 {:.2f}</translation>
    </message>
    <message>
        <source>Filter {}: weights from {:.2f} to {:.2f}</source>
        <translation>필터 {}: 가중치 {:.2f} ~ {:.2f}</translation>
    </message>
    <message>
        <source>The first layer&apos;s {} learned filters, {}×{} each</source>
        <translation>첫 번째 층이 학습한 필터 {}개 (각 {}×{})</translation>
    </message>
    <message>
        <source>Training found these patterns by itself. Red weights are positive (ink there makes the feature stronger), blue ones negative (ink there weakens it).</source>
        <translation>이 패턴은 신경망이 학습하면서 스스로 찾아낸 것입니다. 빨간색 가중치는 양수(그 자리에 잉크가 있으면 특성이 강해짐), 파란색 가중치는 음수(그 자리에 잉크가 있으면 특성이 약해짐)입니다.</translation>
    </message>
    <message>
        <source>{} {} — {} features, {}×{}</source>
        <translation>{} {} — 특성 맵 {}개, {}×{}</translation>
    </message>
    <message>
        <source>Flatten: {} numbers</source>
        <translation>Flatten: 숫자 {}개</translation>
    </message>
    <message>
        <source>Dense {}</source>
        <translation>Dense {}</translation>
    </message>
    <message>
        <source>{} probabilities</source>
        <translation>확률 {}개</translation>
    </message>
    <message>
        <source>The last feature maps ({}×{}×{}) are laid out in one long row of {} numbers; the dense layers combine them into one probability per digit.</source>
        <translation>마지막 특성 맵({}×{}×{})을 숫자 {}개가 한 줄로 늘어선 모양으로 펼칩니다. 밀집층(Dense)은 이 숫자들을 조합해 숫자마다 확률을 하나씩 계산합니다.</translation>
    </message>
    <message>
        <source>Max-pooling keeps the strongest value of each 2×2 patch: each side halves ({} → {}), and the {} features stay.</source>
        <translation>맥스 풀링은 2×2 영역마다 가장 강한 값만 남깁니다. 가로세로가 절반으로 줄고({} → {}), 특성 맵 {}개는 그대로 유지됩니다.</translation>
    </message>
    <message>
        <source>Each of the {} filters slides over the image; its feature map is bright where the filter&apos;s pattern appears in the drawing.</source>
        <translation>필터 {}개가 각각 이미지 위를 미끄러지듯 훑고 지나갑니다. 그림에서 필터의 패턴이 나타나는 곳일수록 특성 맵이 밝아집니다.</translation>
    </message>
    <message>
        <source>Each of these {} filters looks at all {} feature maps before it at once, so it finds larger, more complex patterns.</source>
        <translation>이 필터 {}개는 각각 앞 층의 특성 맵 {}개를 한꺼번에 보기 때문에 더 크고 복잡한 패턴을 찾아냅니다.</translation>
    </message>
</context>
<context>
    <name>ProbabilityBars</name>
    <message>
        <source>Probability of each digit</source>
        <translation>숫자별 확률</translation>
    </message>
    <message>
        <source>No prediction yet.</source>
        <translation>아직 예측이 없습니다.</translation>
    </message>
</context>
<context>
    <name>ProbabilityPanel</name>
    <message>
        <source>Prediction</source>
        <translation>예측</translation>
    </message>
    <message>
        <source>The digit each member of the ensemble picks on its own</source>
        <translation>앙상블의 각 멤버가 혼자서 고른 숫자</translation>
    </message>
    <message>
        <source>Loading the model…</source>
        <translation>모델을 불러오는 중…</translation>
    </message>
    <message>
        <source>draw a digit</source>
        <translation>숫자를 그리세요</translation>
    </message>
    <message>
        <source>not sure ({})</source>
        <translation>잘 모르겠음 ({})</translation>
    </message>
    <message>
        <source>({} sure)</source>
        <translation>(확신도 {})</translation>
    </message>
    <message>
        <source>members: {}  ·  {} of {} pick {}</source>
        <translation>멤버: {0}  ·  {2}개 중 {1}개가 {3} 선택</translation>
    </message>
</context>
<context>
    <name>RunControls</name>
    <message>
        <source>Train</source>
        <translation>학습 시작</translation>
    </message>
    <message>
        <source>Train a new network with these settings (F5)</source>
        <translation>이 설정으로 새 신경망을 학습시킵니다 (F5)</translation>
    </message>
    <message>
        <source>Pause</source>
        <translation>일시 정지</translation>
    </message>
    <message>
        <source>Pause or resume training (F6)</source>
        <translation>학습을 잠시 멈추거나 다시 이어서 합니다 (F6)</translation>
    </message>
    <message>
        <source>Stop</source>
        <translation>중지</translation>
    </message>
    <message>
        <source>Stop training and keep what was learned so far (Shift+F5)</source>
        <translation>학습을 멈추고 지금까지 배운 것을 남깁니다 (Shift+F5)</translation>
    </message>
    <message>
        <source>Training progress</source>
        <translation>학습 진행</translation>
    </message>
    <message>
        <source>Ready to train</source>
        <translation>학습 준비 완료</translation>
    </message>
    <message>
        <source>Resume</source>
        <translation>계속</translation>
    </message>
    <message>
        <source>Stopping…</source>
        <translation>멈추는 중…</translation>
    </message>
</context>
<context>
    <name>RunsChoice</name>
    <message>
        <source>Share runs with the class</source>
        <translation>반과 실행 공유하기</translation>
    </message>
    <message>
        <source>run {}</source>
        <translation>{}회차</translation>
    </message>
    <message>
        <source>Share</source>
        <translation>공유</translation>
    </message>
    <message>
        <source>Your class sees these runs&apos; settings and curves (never their models).</source>
        <translation>반 친구들은 이 실행들의 설정과 곡선을 봅니다 (모델은 공유되지 않습니다).</translation>
    </message>
</context>
<context>
    <name>RunsDock</name>
    <message>
        <source>Runs</source>
        <translation>실행 기록</translation>
    </message>
    <message>
        <source>&amp;Runs</source>
        <translation>실행 기록(&amp;R)</translation>
    </message>
</context>
<context>
    <name>RunsList</name>
    <message>
        <source>Run</source>
        <translation>실행</translation>
    </message>
    <message>
        <source>Settings</source>
        <translation>설정</translation>
    </message>
    <message>
        <source>Test accuracy</source>
        <translation>테스트 정확도</translation>
    </message>
    <message>
        <source>Model</source>
        <translation>모델</translation>
    </message>
    <message>
        <source>Every run you trained, kept between sessions. Untick a run to hide its curves; select two or more to compare them.</source>
        <translation>훈련한 모든 실행이 다음에 열 때도 남아 있습니다. 체크를 해제하면 곡선이 숨겨지고, 두 개 이상 선택하면 비교할 수 있습니다.</translation>
    </message>
</context>
<context>
    <name>RunsView</name>
    <message>
        <source>Runs</source>
        <translation>실행 기록</translation>
    </message>
    <message>
        <source>These kept runs could not be read and were set aside:
{}</source>
        <translation>저장된 실행 중 다음은 읽을 수 없어 따로 옮겨 두었습니다:
{}</translation>
    </message>
    <message>
        <source>Predict with it</source>
        <translation>이 모델로 예측</translation>
    </message>
    <message>
        <source>Let the selected run&apos;s model classify your drawings</source>
        <translation>선택한 실행의 모델이 그림을 분류하게 합니다</translation>
    </message>
    <message>
        <source>Compare…</source>
        <translation>비교…</translation>
    </message>
    <message>
        <source>Curves and settings of the selected runs side by side</source>
        <translation>선택한 실행들의 곡선과 설정을 나란히 봅니다</translation>
    </message>
    <message>
        <source>Rename…</source>
        <translation>이름 바꾸기…</translation>
    </message>
    <message>
        <source>Give the selected run a name</source>
        <translation>선택한 실행에 이름을 붙입니다</translation>
    </message>
    <message>
        <source>Delete</source>
        <translation>삭제</translation>
    </message>
    <message>
        <source>Delete the selected runs, their curves and models</source>
        <translation>선택한 실행과 그 곡선, 모델을 삭제합니다</translation>
    </message>
    <message>
        <source>Repeat</source>
        <translation>반복</translation>
    </message>
    <message>
        <source>Train the current settings several times with different random seeds, and draw their mean ± spread as a band: is an effect bigger than chance?</source>
        <translation>지금 설정으로 난수 시드를 바꿔 가며 여러 번 훈련하고, 평균 ± 편차를 띠로 그립니다: 효과가 우연보다 큰가요?</translation>
    </message>
    <message>
        <source>Open experiment…</source>
        <translation>실험 열기…</translation>
    </message>
    <message>
        <source>Add the runs of an experiment file</source>
        <translation>실험 파일의 실행들을 추가합니다</translation>
    </message>
    <message>
        <source>Save experiment…</source>
        <translation>실험 저장…</translation>
    </message>
    <message>
        <source>Save the selected runs (or all) with their models, to hand to someone else</source>
        <translation>선택한 실행(또는 전부)을 모델과 함께 저장해 다른 사람에게 건넵니다</translation>
    </message>
    <message>
        <source>Tick to show its curves</source>
        <translation>체크하면 곡선이 보입니다</translation>
    </message>
    <message>
        <source>{} · {}</source>
        <translation>{} · {}</translation>
    </message>
    <message>
        <source> (repeat {}/{})</source>
        <translation> (반복 {}/{})</translation>
    </message>
    <message>
        <source>training…</source>
        <translation>훈련 중…</translation>
    </message>
    <message>
        <source>failed</source>
        <translation>실패</translation>
    </message>
    <message>
        <source>stopped</source>
        <translation>중지됨</translation>
    </message>
    <message>
        <source>predicting</source>
        <translation>예측 중</translation>
    </message>
    <message>
        <source>kept</source>
        <translation>저장됨</translation>
    </message>
    <message>
        <source>Loading the model of run {}…</source>
        <translation>실행 {}의 모델을 불러오는 중…</translation>
    </message>
    <message>
        <source>Rename run</source>
        <translation>실행 이름 바꾸기</translation>
    </message>
    <message>
        <source>A name for run {}:</source>
        <translation>실행 {}의 이름:</translation>
    </message>
    <message>
        <source>Delete runs</source>
        <translation>실행 삭제</translation>
    </message>
    <message>
        <source>Delete {} run(s) with their curves and models? This cannot be undone.</source>
        <translation>실행 {}개를 곡선, 모델과 함께 삭제할까요? 되돌릴 수 없습니다.</translation>
    </message>
    <message>
        <source>Deleted {} run(s).</source>
        <translation>실행 {}개를 삭제했습니다.</translation>
    </message>
    <message>
        <source>Compare runs</source>
        <translation>실행 비교</translation>
    </message>
    <message>
        <source>Impossible settings</source>
        <translation>불가능한 설정</translation>
    </message>
    <message>
        <source>Repeat 1 of {}: starting…</source>
        <translation>반복 {}회 중 1회째: 시작하는 중…</translation>
    </message>
    <message>
        <source>digitpad experiments ({})</source>
        <translation>digitpad 실험 ({})</translation>
    </message>
    <message>
        <source>Open experiment</source>
        <translation>실험 열기</translation>
    </message>
    <message>
        <source>Wait until training has finished, then open the experiment.</source>
        <translation>훈련이 끝날 때까지 기다린 뒤 실험을 여세요.</translation>
    </message>
    <message>
        <source>Opening {}…</source>
        <translation>{} 여는 중…</translation>
    </message>
    <message>
        <source>Save experiment</source>
        <translation>실험 저장</translation>
    </message>
    <message>
        <source>{}: {} run(s) added.</source>
        <translation>{}: 실행 {}개를 추가했습니다.</translation>
    </message>
    <message>
        <source>{} were already here.</source>
        <translation>{}개는 이미 있었습니다.</translation>
    </message>
    <message>
        <source>Saved {} run(s) to {}.</source>
        <translation>실행 {}개를 {}에 저장했습니다.</translation>
    </message>
    <message>
        <source>Saved {}</source>
        <translation>{} 저장함</translation>
    </message>
</context>
<context>
    <name>Session</name>
    <message>
        <source>{} (starting TensorFlow…)</source>
        <translation>{} (TensorFlow 시작하는 중…)</translation>
    </message>
    <message>
        <source>model</source>
        <translation>모델</translation>
    </message>
    <message>
        <source>run {}</source>
        <translation>{}회차</translation>
    </message>
    <message>
        <source>{} + my handwriting</source>
        <translation>{} + 내 손글씨</translation>
    </message>
    <message>
        <source>{} · run {}</source>
        <translation>{} · 실행 {}</translation>
    </message>
    <message>
        <source>ensemble of {}</source>
        <translation>앙상블 {}개</translation>
    </message>
    <message>
        <source>best of {} folds</source>
        <translation>폴드 {}개 중 최고</translation>
    </message>
    <message>
        <source>network</source>
        <translation>신경망 1개</translation>
    </message>
    <message>
        <source>{} (run {}: {}, {}) — test accuracy {:.2%}</source>
        <translation>{} (실행 {}: {}, {}) — 테스트 정확도 {:.2%}</translation>
    </message>
    <message>
        <source>run {} ({}, {}) — test accuracy {:.2%}</source>
        <translation>{}회차 ({}, {}) — 테스트 정확도 {:.2%}</translation>
    </message>
    <message>
        <source>test accuracy {:.2%}</source>
        <translation>테스트 정확도 {:.2%}</translation>
    </message>
    <message>
        <source>your digits kept aside: {:.0%} → {:.0%}, {}</source>
        <translation>따로 떼어 둔 내 숫자: {:.0%} → {:.0%}, {}</translation>
    </message>
    <message>
        <source>fine-tuned on your handwriting ({})</source>
        <translation>내 손글씨로 미세 조정한 모델 ({})</translation>
    </message>
</context>
<context>
    <name>TrainingCharts</name>
    <message>
        <source>run {}: {}</source>
        <translation>{}회차: {}</translation>
    </message>
    <message>
        <source>run {}</source>
        <translation>{}회차</translation>
    </message>
    <message>
        <source>Training charts</source>
        <translation>학습 차트</translation>
    </message>
    <message>
        <source>Loss while training</source>
        <translation>학습 중 손실</translation>
    </message>
    <message>
        <source>Accuracy while training</source>
        <translation>학습 중 정확도</translation>
    </message>
    <message>
        <source>Loss after each epoch</source>
        <translation>에포크별 손실</translation>
    </message>
    <message>
        <source>Accuracy after each epoch</source>
        <translation>에포크별 정확도</translation>
    </message>
    <message>
        <source>Clear earlier runs</source>
        <translation>이전 회차 지우기</translation>
    </message>
    <message>
        <source>Remove the faded curves of earlier runs and delete them from the kept runs; the latest run stays. To keep a run out of sight without losing it, untick it in View → Runs.</source>
        <translation>이전 회차의 흐린 곡선을 지우고 저장된 실행 기록에서도 삭제합니다. 가장 최근 회차는 남습니다. 잃지 않고 안 보이게만 하려면 보기 → 실행 기록에서 체크를 해제하세요.</translation>
    </message>
    <message>
        <source>Which charts to show</source>
        <translation>보여 줄 차트</translation>
    </message>
    <message>
        <source>While training</source>
        <translation>학습 중</translation>
    </message>
    <message>
        <source>After each epoch</source>
        <translation>에포크마다</translation>
    </message>
    <message>
        <source>Loss and accuracy batch by batch, while the network learns</source>
        <translation>신경망이 배우는 동안 배치마다 잰 손실과 정확도</translation>
    </message>
    <message>
        <source>Training and validation after each pass over the images</source>
        <translation>이미지를 한 번 다 볼 때마다 잰 훈련과 검증 점수</translation>
    </message>
    <message>
        <source>loss</source>
        <translation>손실</translation>
    </message>
    <message>
        <source>accuracy</source>
        <translation>정확도</translation>
    </message>
    <message>
        <source>Export...</source>
        <translation>내보내기...</translation>
    </message>
    <message>
        <source>epoch</source>
        <translation>에포크</translation>
    </message>
    <message>
        <source>training images seen</source>
        <translation>본 훈련 이미지 수</translation>
    </message>
    <message>
        <source>images seen · smoothed over ~{}</source>
        <translation>본 이미지 수 · 약 {}개 평균</translation>
    </message>
    <message>
        <source>No training yet.</source>
        <translation>아직 학습하지 않았습니다.</translation>
    </message>
    <message>
        <source>{}: epoch {} of {}. Training loss {:.3f}, accuracy {:.1%}.</source>
        <translation>{}: {}/{} 에포크. 훈련 손실 {:.3f}, 정확도 {:.1%}.</translation>
    </message>
    <message>
        <source>Validation loss {:.3f}, accuracy {:.1%}.</source>
        <translation>검증 손실 {:.3f}, 정확도 {:.1%}.</translation>
    </message>
    <message>
        <source>&lt;i&gt;No training yet: the curves appear here while a network learns.&lt;/i&gt;</source>
        <translation>&lt;i&gt;아직 학습하지 않았습니다. 신경망이 학습하는 동안 여기에 곡선이 나타납니다.&lt;/i&gt;</translation>
    </message>
    <message>
        <source> (training…)</source>
        <translation> (학습 중…)</translation>
    </message>
    <message>
        <source>solid: training</source>
        <translation>실선: 훈련</translation>
    </message>
    <message>
        <source>dashed: validation</source>
        <translation>점선: 검증</translation>
    </message>
    <message>
        <source>★ best epoch</source>
        <translation>★ 최고 에포크</translation>
    </message>
    <message>
        <source>&lt;b&gt;bold&lt;/b&gt;: mean validation</source>
        <translation>&lt;b&gt;굵은 선&lt;/b&gt;: 검증 평균</translation>
    </message>
    <message>
        <source>band: mean ± spread (standard deviation) over a repeat&apos;s seeds</source>
        <translation>띠: 반복한 시드들의 평균 ± 편차(표준편차)</translation>
    </message>
</context>
<context>
    <name>TrainingPanel</name>
    <message>
        <source>Training</source>
        <translation>학습</translation>
    </message>
    <message>
        <source>all</source>
        <translation>전체</translation>
    </message>
    <message>
        <source>Epochs</source>
        <translation>에포크</translation>
    </message>
    <message>
        <source>Batch size</source>
        <translation>배치 크기</translation>
    </message>
    <message>
        <source>Learning rate</source>
        <translation>학습률</translation>
    </message>
    <message>
        <source>Validation split</source>
        <translation>검증 비율</translation>
    </message>
    <message>
        <source>Training images</source>
        <translation>훈련 이미지 수</translation>
    </message>
    <message>
        <source>Against overfitting</source>
        <translation>과적합 막기</translation>
    </message>
    <message>
        <source>L1 penalty</source>
        <translation>L1 규제</translation>
    </message>
    <message>
        <source>Punishes the network for every connection it uses, so it switches many of them off completely (L1 penalty, or L1 regularization). The loss now includes this punishment. Watch the gap between the solid and dashed loss lines shrink.</source>
        <translation>신경망이 쓰는 연결 하나하나에 벌점을 주어, 많은 연결을 완전히 끄게 만듭니다(L1 벌점, 즉 L1 규제). 이제 손실에 이 벌점이 포함됩니다. 실선과 점선 손실 곡선 사이의 차이가 줄어드는지 보세요.</translation>
    </message>
    <message>
        <source>Punishes the network for very strong connections, so it keeps all of them small and cannot lean on a few (L2 penalty, or weight decay). The loss now includes this punishment. Watch the gap between the solid and dashed loss lines shrink.</source>
        <translation>아주 강한 연결에 벌점을 주어, 모든 연결을 작게 유지하고 몇 개에만 기대지 못하게 합니다(L2 벌점, 즉 가중치 감쇠). 이제 손실에 이 벌점이 포함됩니다. 실선과 점선 손실 곡선 사이의 차이가 줄어드는지 보세요.</translation>
    </message>
    <message>
        <source>While training, switches off this share of the last layer&apos;s units at random, a different set for every batch, so the network cannot rely on any single one (dropout). Training scores drop a little; the dashed validation line holds up better.</source>
        <translation>훈련하는 동안 마지막 층의 유닛 가운데 이 비율만큼을 배치마다 다르게 무작위로 꺼서, 신경망이 어느 하나에만 기대지 못하게 합니다(드롭아웃). 훈련 점수는 조금 떨어지지만 점선 검증 곡선은 더 잘 버팁니다.</translation>
    </message>
    <message>
        <source>Also switch off units at random after each convolution block, at the same share (dropout in the convolution layers too).</source>
        <translation>각 합성곱 블록 뒤에서도 같은 비율로 유닛을 무작위로 끕니다(합성곱 층에도 드롭아웃).</translation>
    </message>
    <message>
        <source>Keeps only the strongest value of each 2×2 square of a feature map: four times fewer numbers, faster training, less overfitting (max-pooling). Switch it off and watch the parameter count in the table jump.</source>
        <translation>특징 맵의 2×2 칸마다 가장 강한 값 하나만 남깁니다. 숫자가 네 배 줄고, 학습이 빨라지고, 과적합이 줄어듭니다(최대 풀링). 끄고 나서 표의 파라미터 수가 확 늘어나는 것을 보세요.</translation>
    </message>
    <message>
        <source>Trains on randomly shifted, rotated, zoomed, stretched, slanted, wobbly, thicker or thinner copies of the images, the ways people draw digits: more variety without new data. Training accuracy rises more slowly; drawings are recognised better.</source>
        <translation>사람이 숫자를 그리는 방식처럼 이미지를 무작위로 옮기고, 돌리고, 확대·축소하고, 늘이고, 기울이고, 구불구불하게 하고, 더 굵거나 가늘게 만든 복사본으로 훈련합니다. 새 데이터 없이도 다양성이 늘어납니다. 훈련 정확도는 더 천천히 오르지만 직접 그린 숫자를 더 잘 알아봅니다.</translation>
    </message>
    <message>
        <source>Stops training when the dashed validation loss has not improved for this many epochs (the patience), and goes back to the best epoch&apos;s network, marked with a star (early stopping).</source>
        <translation>점선 검증 손실이 이만큼의 에포크(인내) 동안 나아지지 않으면 학습을 멈추고, 별로 표시된 가장 좋았던 에포크의 신경망으로 돌아갑니다(조기 종료).</translation>
    </message>
    <message>
        <source>Trains several networks, each on its own random pick of the training images (some picked twice, some not at all: a bootstrap sample), and lets them vote (a bagging ensemble). The vote is usually better than each network alone.</source>
        <translation>신경망 여러 개를 각자 훈련 이미지를 무작위로 골라(두 번 뽑힌 것도, 안 뽑힌 것도 있는 부트스트랩 표본) 훈련시킨 뒤 투표하게 합니다(배깅 앙상블). 투표 결과는 보통 각 신경망 하나보다 좋습니다.</translation>
    </message>
    <message>
        <source>Splits the images into k parts and trains k networks, each tested on a different part it never saw (k-fold cross-validation). It measures how well the settings work, and how much that varies; it does not cure overfitting.</source>
        <translation>이미지를 k개로 나누고 신경망 k개를 훈련시켜, 각각 한 번도 보지 않은 다른 부분으로 시험합니다(k겹 교차 검증). 설정이 얼마나 잘 작동하는지와 그 편차를 잴 뿐, 과적합을 고치지는 않습니다.</translation>
    </message>
    <message>
        <source>Learn from only this many images (0: all 54,000). With a few hundred the network learns them by heart within a few epochs (overfitting): the best way to see the cures work.</source>
        <translation>이만큼의 이미지로만 배웁니다(0: 54,000개 전부). 몇백 개면 신경망이 몇 에포크 만에 통째로 외워 버립니다(과적합). 해결책이 효과를 내는 것을 보기에 가장 좋은 방법입니다.</translation>
    </message>
    <message>
        <source>L2 penalty</source>
        <translation>L2 규제</translation>
    </message>
    <message>
        <source>Dropout</source>
        <translation>드롭아웃</translation>
    </message>
    <message>
        <source>…after conv blocks too</source>
        <translation>…합성곱 블록 뒤에도</translation>
    </message>
    <message>
        <source>Max-pooling</source>
        <translation>맥스 풀링</translation>
    </message>
    <message>
        <source>Data augmentation</source>
        <translation>데이터 증강</translation>
    </message>
    <message>
        <source>How many times the network goes through all its training images (epochs)</source>
        <translation>신경망이 훈련 이미지 전체를 몇 번 보는지(에포크 수)</translation>
    </message>
    <message>
        <source>How many images the network looks at before each small correction (batch size)</source>
        <translation>신경망이 조금씩 고치기 전에 한 번에 보는 이미지 수(배치 크기)</translation>
    </message>
    <message>
        <source>How big each correction is at the start; it shrinks towards zero by the end of the run (learning rate, for the Adam optimizer, with cosine decay)</source>
        <translation>처음에 한 번 고칠 때의 크기입니다. 학습이 끝날 무렵에는 0에 가깝게 줄어듭니다(아담 옵티마이저의 학습률, 코사인 감소)</translation>
    </message>
    <message>
        <source>The share of images kept aside and never learned from, to check the network honestly: the dashed lines (validation split)</source>
        <translation>신경망을 정직하게 확인하려고 따로 떼어 두고 배우지 않는 이미지의 비율입니다. 점선이 이것입니다(검증 비율)</translation>
    </message>
    <message>
        <source>L1 penalty rate</source>
        <translation>L1 벌점 비율</translation>
    </message>
    <message>
        <source>L2 penalty rate</source>
        <translation>L2 벌점 비율</translation>
    </message>
    <message>
        <source>Dropout rate</source>
        <translation>드롭아웃 비율</translation>
    </message>
    <message>
        <source>Early stopping patience in epochs</source>
        <translation>조기 종료 인내(에포크 수)</translation>
    </message>
    <message>
        <source>Networks in the bagging ensemble</source>
        <translation>배깅 앙상블의 신경망 수</translation>
    </message>
    <message>
        <source>Number of folds (k)</source>
        <translation>나누는 수(k)</translation>
    </message>
    <message>
        <source>patience </source>
        <translation>인내 </translation>
    </message>
    <message>
        <source>Early stopping</source>
        <translation>조기 종료</translation>
    </message>
    <message>
        <source> members</source>
        <translation>개</translation>
    </message>
    <message>
        <source>Bagging ensemble</source>
        <translation>배깅 앙상블</translation>
    </message>
    <message>
        <source>k = </source>
        <translation>k = </translation>
    </message>
    <message>
        <source>Cross-validation</source>
        <translation>교차 검증</translation>
    </message>
    <message>
        <source>Layers of the network</source>
        <translation>신경망의 층</translation>
    </message>
    <message>
        <source>Layer</source>
        <translation>층</translation>
    </message>
    <message>
        <source>Output</source>
        <translation>출력 크기</translation>
    </message>
    <message>
        <source>Parameters</source>
        <translation>파라미터</translation>
    </message>
    <message>
        <source>The network these settings build (like Keras&apos;s model.summary())</source>
        <translation>이 설정으로 만들어지는 신경망 (Keras의 model.summary()와 같음)</translation>
    </message>
    <message>
        <source>Cannot train: {}</source>
        <translation>학습할 수 없음: {}</translation>
    </message>
    <message>
        <source>{} ({}): output {}, {} parameters</source>
        <translation>{} ({}): 출력 {}, 파라미터 {}개</translation>
    </message>
    <message>
        <source>Total parameters: {}</source>
        <translation>전체 파라미터: {}개</translation>
    </message>
    <message>
        <source> per network, {} networks</source>
        <translation> (신경망 하나당), 신경망 {}개</translation>
    </message>
</context>
<context>
    <name>WindowLayout</name>
    <message>
        <source>Lesson</source>
        <translation>수업</translation>
    </message>
    <message>
        <source>Settings</source>
        <translation>설정</translation>
    </message>
    <message>
        <source>Layers</source>
        <translation>층</translation>
    </message>
    <message>
        <source>Charts</source>
        <translation>차트</translation>
    </message>
</context>
</TS>
